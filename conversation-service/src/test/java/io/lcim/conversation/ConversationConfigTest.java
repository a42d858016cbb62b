package io.lcim.conversation;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationConfigTest {

  @Test
  void defaultsMatchLeanCloud() {
    ConversationConfig config = ConversationConfig.from(new JsonObject());
    assertThat(config.queryDefaultLimit()).isEqualTo(10);
    assertThat(config.queryMaxLimit()).isEqualTo(1000);
    assertThat(config.maxMembers()).isEqualTo(500);
    assertThat(config.stores().mongoDb()).isEqualTo("lcim");
  }

  @Test
  void environmentOverridesAndLimitClamping() {
    ConversationConfig config = ConversationConfig.from(new JsonObject()
      .put("IM_QUERY_DEFAULT_LIMIT", "20").put("IM_QUERY_MAX_LIMIT", "50").put("IM_MAX_MEMBERS", "7")
      .put("MONGO_URI", "mongodb://db:27017"));
    assertThat(config.maxMembers()).isEqualTo(7);
    assertThat(config.stores().mongoUri()).isEqualTo("mongodb://db:27017");
    assertThat(config.queryLimit(0)).isEqualTo(20);
    assertThat(config.queryLimit(-3)).isEqualTo(20);
    assertThat(config.queryLimit(5)).isEqualTo(5);
    assertThat(config.queryLimit(999)).isEqualTo(50);
  }

  @Test
  void nonsenseIsRefusedAtStartup() {
    assertThatThrownBy(() -> ConversationConfig.from(new JsonObject().put("IM_MAX_MEMBERS", "0")))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConversationConfig.from(new JsonObject().put("IM_QUERY_DEFAULT_LIMIT", "2000")))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConversationConfig.from(new JsonObject().put("IM_QUERY_MAX_LIMIT", "lots")))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
