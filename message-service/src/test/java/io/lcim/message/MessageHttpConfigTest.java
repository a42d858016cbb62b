package io.lcim.message;

import io.lcim.common.AppCredentials;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP settings of {@link MessageConfig}. */
class MessageHttpConfigTest {

  @Test
  void noOwnServerUnlessAPortIsSet() {
    MessageConfig config = MessageConfig.from(new JsonObject());
    assertThat(config.httpPort()).isZero();
    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.credentials().masterKey()).isEqualTo(AppCredentials.DEV_MASTER_KEY);
  }

  @Test
  void portHostAndKeysComeFromTheEnvironment() {
    MessageConfig config = MessageConfig.from(new JsonObject()
      .put("IM_HTTP_PORT", "8082")
      .put("IM_HTTP_HOST", "127.0.0.1")
      .put("IM_APP_ID", "app")
      .put("IM_MASTER_KEY", "secret"));
    assertThat(config.httpPort()).isEqualTo(8082);
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.credentials().appId()).isEqualTo("app");
    assertThat(config.credentials().masterKey()).isEqualTo("secret");
  }

  @Test
  void impossiblePortsAreRefusedAtStartup() {
    assertThatThrownBy(() -> MessageConfig.from(new JsonObject().put("IM_HTTP_PORT", "70000")))
      .hasMessageContaining("IM_HTTP_PORT");
    assertThatThrownBy(() -> MessageConfig.from(new JsonObject().put("IM_HTTP_PORT", "-1")))
      .hasMessageContaining("IM_HTTP_PORT");
    assertThatThrownBy(() -> MessageConfig.from(new JsonObject().put("IM_HTTP_PORT", "http")))
      .hasMessageContaining("IM_HTTP_PORT");
  }
}
