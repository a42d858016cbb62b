package io.lcim.gateway;

import io.lcim.common.AppCredentials;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class GatewayConfigTest {

  @Test
  void hasSafeDefaults() {
    GatewayConfig config = GatewayConfig.from(new JsonObject());

    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.appId()).isEqualTo(AppCredentials.DEV_APP_ID);
    assertThat(config.usesDevMasterKey()).isTrue();
    assertThat(config.sessionTokenTtlSeconds()).isEqualTo(86400);
    assertThat(config.idleTimeoutSeconds()).isEqualTo(360);
    assertThat(config.loginTimeoutSeconds()).isEqualTo(60);
    assertThat(config.maxFrameBytes()).isEqualTo(1024 * 1024);
    assertThat(config.serviceTimeoutMillis()).isEqualTo(10_000);
    assertThat(config.presenceTtlMillis()).isEqualTo(60_000);
    assertThat(config.stores().redisUri()).isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void readsTheEnvironmentNames() {
    GatewayConfig config = GatewayConfig.from(new JsonObject()
      .put("IM_HOST", "127.0.0.1").put("IM_PORT", "9000").put("IM_APP_ID", "app").put("IM_MASTER_KEY", "secret")
      .put("IM_IDLE_TIMEOUT_SECONDS", "300").put("IM_SERVICE_TIMEOUT_MS", "5000")
      .put("REDIS_URI", "redis://redis:6379"));

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.appId()).isEqualTo("app");
    assertThat(config.masterKey()).isEqualTo("secret");
    assertThat(config.usesDevMasterKey()).isFalse();
    assertThat(config.idleTimeoutSeconds()).isEqualTo(300);
    assertThat(config.serviceTimeoutMillis()).isEqualTo(5000);
    assertThat(config.stores().redisUri()).isEqualTo("redis://redis:6379");
  }

  @Test
  void refusesValuesThatWouldBreakClients() {
    assertThatThrownBy(() -> GatewayConfig.from(new JsonObject().put("IM_MAX_FRAME_BYTES", "5120")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IM_MAX_FRAME_BYTES");
    assertThatThrownBy(() -> GatewayConfig.from(new JsonObject().put("IM_IDLE_TIMEOUT_SECONDS", "0")))
      .hasMessageContaining("IM_IDLE_TIMEOUT_SECONDS");
    assertThatThrownBy(() -> GatewayConfig.from(new JsonObject().put("IM_PORT", "eighty")))
      .hasMessageContaining("IM_PORT");
  }
}
