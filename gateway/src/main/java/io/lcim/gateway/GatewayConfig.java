package io.lcim.gateway;

import io.lcim.common.AppCredentials;
import io.lcim.common.ConfigValues;
import io.lcim.common.StoresConfig;
import io.vertx.core.json.JsonObject;

/**
 * Everything the gateway reads from its environment. Keys are the environment variable names.
 *
 * @param host                    {@code IM_HOST}: address the HTTP/WebSocket server binds to
 * @param port                    {@code IM_PORT}: its port (0 picks a free one, for tests)
 * @param credentials             {@code IM_APP_ID} (the only app id a session may open for), {@code IM_APP_KEY},
 *                                {@code IM_MASTER_KEY} (signs session tokens)
 * @param sessionTokenTtlSeconds  {@code IM_SESSION_TOKEN_TTL_SECONDS}: validity of a session token ({@code stTtl})
 * @param idleTimeoutSeconds      {@code IM_IDLE_TIMEOUT_SECONDS}: a socket silent this long is closed with 4107
 *                                (by a sweep once a second, so up to a second later; never earlier)
 * @param loginTimeoutSeconds     {@code IM_LOGIN_TIMEOUT_SECONDS}: a socket that opened no session by then is
 *                                closed with 4108 (also up to a second later)
 * @param maxFrameBytes           {@code IM_MAX_FRAME_BYTES}: larger WebSocket messages close that socket
 * @param serviceTimeoutMillis    {@code IM_SERVICE_TIMEOUT_MS}: how long a forwarded command may wait for a service
 * @param presenceTtlSeconds      {@code IM_PRESENCE_TTL_SECONDS}: lifetime of a presence entry in Redis
 * @param nodeTtlSeconds          {@code IM_NODE_TTL_SECONDS}: this node counts as alive this long after its last
 *                                heartbeat; the clients of a gateway that dies are offline after it
 * @param stores                  where Redis is (REDIS_URI)
 * @param loginSignature          {@code IM_LOGIN_SIGNATURE}: {@code on} requires LeanCloud login signatures at
 *                                {@code session/open} (docs/protocol.md §3.1); off by default, as on LeanCloud
 */
public record GatewayConfig(String host, int port, AppCredentials credentials,
                            int sessionTokenTtlSeconds, int idleTimeoutSeconds, int loginTimeoutSeconds,
                            int maxFrameBytes, long serviceTimeoutMillis, int presenceTtlSeconds, int nodeTtlSeconds,
                            StoresConfig stores, boolean loginSignature) {

  /**
   * Oversized chat messages must reach message-service, which answers them with an error response (its limit is
   * 5 KiB of payload, base64 adds a third), instead of costing the client its socket.
   */
  static final int MIN_FRAME_BYTES = 16 * 1024;

  public GatewayConfig {
    requirePositive("IM_SESSION_TOKEN_TTL_SECONDS", sessionTokenTtlSeconds);
    requirePositive("IM_IDLE_TIMEOUT_SECONDS", idleTimeoutSeconds);
    requirePositive("IM_LOGIN_TIMEOUT_SECONDS", loginTimeoutSeconds);
    requirePositive("IM_SERVICE_TIMEOUT_MS", serviceTimeoutMillis);
    requirePositive("IM_PRESENCE_TTL_SECONDS", presenceTtlSeconds);
    requirePositive("IM_NODE_TTL_SECONDS", nodeTtlSeconds);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("IM_PORT must be between 0 and 65535, got " + port);
    }
    if (maxFrameBytes < MIN_FRAME_BYTES) {
      throw new IllegalArgumentException("IM_MAX_FRAME_BYTES must be at least " + MIN_FRAME_BYTES
        + " so that oversized messages get an error response, got " + maxFrameBytes);
    }
  }

  public static GatewayConfig from(JsonObject config) {
    return new GatewayConfig(
      ConfigValues.string(config, "IM_HOST", "0.0.0.0"),
      ConfigValues.integer(config, "IM_PORT", 8080),
      AppCredentials.from(config),
      ConfigValues.integer(config, "IM_SESSION_TOKEN_TTL_SECONDS", 86400),
      ConfigValues.integer(config, "IM_IDLE_TIMEOUT_SECONDS", 360),
      ConfigValues.integer(config, "IM_LOGIN_TIMEOUT_SECONDS", 60),
      ConfigValues.integer(config, "IM_MAX_FRAME_BYTES", 1024 * 1024),
      ConfigValues.longValue(config, "IM_SERVICE_TIMEOUT_MS", 10_000),
      ConfigValues.integer(config, "IM_PRESENCE_TTL_SECONDS", 60),
      ConfigValues.integer(config, "IM_NODE_TTL_SECONDS", 10),
      StoresConfig.from(config),
      ConfigValues.onOff(config, "IM_LOGIN_SIGNATURE", false));
  }

  public String appId() {
    return credentials.appId();
  }

  public String masterKey() {
    return credentials.masterKey();
  }

  /** With the published development master key anyone can mint session tokens. */
  public boolean usesDevMasterKey() {
    return AppCredentials.DEV_MASTER_KEY.equals(credentials.masterKey());
  }

  public long nodeTtlMillis() {
    return nodeTtlSeconds * 1000L;
  }

  public long presenceTtlMillis() {
    return presenceTtlSeconds * 1000L;
  }

  private static void requirePositive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }
}
