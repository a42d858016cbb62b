package io.lcim.message;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageConfigTest {

  @Test
  void defaults() {
    MessageConfig config = MessageConfig.from(new JsonObject());
    assertThat(config.maxMessageBytes()).isEqualTo(5120);
    assertThat(config.historyTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(config.logsDefaultLimit()).isEqualTo(20);
    assertThat(config.logsMaxLimit()).isEqualTo(1000);
    assertThat(config.stores().mongoDb()).isEqualTo("lcim");
  }

  @Test
  void environmentValuesOverrideDefaults() {
    MessageConfig config = MessageConfig.from(new JsonObject()
      .put("IM_MAX_MESSAGE_BYTES", "100")
      .put("IM_HISTORY_TTL_DAYS", "7")
      .put("IM_LOGS_DEFAULT_LIMIT", "5")
      .put("IM_LOGS_MAX_LIMIT", "50")
      .put("MONGO_DB", "other"));
    assertThat(config.maxMessageBytes()).isEqualTo(100);
    assertThat(config.historyTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(config.logsDefaultLimit()).isEqualTo(5);
    assertThat(config.logsMaxLimit()).isEqualTo(50);
    assertThat(config.stores().mongoDb()).isEqualTo("other");
  }

  @Test
  void nonsenseIsRefusedAtStartup() {
    assertThatThrownBy(() -> MessageConfig.from(new JsonObject().put("IM_MAX_MESSAGE_BYTES", "lots")))
      .hasMessageContaining("IM_MAX_MESSAGE_BYTES");
    assertThatThrownBy(() -> MessageConfig.from(new JsonObject().put("IM_HISTORY_TTL_DAYS", "0")))
      .hasMessageContaining("IM_HISTORY_TTL_DAYS");
    assertThatThrownBy(() -> MessageConfig.from(new JsonObject().put("IM_LOGS_DEFAULT_LIMIT", "2000")))
      .hasMessageContaining("IM_LOGS_DEFAULT_LIMIT");
  }
}
