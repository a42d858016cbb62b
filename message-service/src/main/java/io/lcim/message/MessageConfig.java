package io.lcim.message;

import io.lcim.common.AppCredentials;
import io.lcim.common.ConfigValues;
import io.lcim.common.StoresConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Settings of the message service. Keys are environment variable names.
 *
 * @param stores           where MongoDB and Redis are
 * @param maxMessageBytes  {@code IM_MAX_MESSAGE_BYTES}: largest accepted payload, the UTF-8 size of {@code msg} or
 *                         the size of {@code binaryMsg} (LeanCloud's limit is 5 KB)
 * @param historyTtl       {@code IM_HISTORY_TTL_DAYS}: how long stored messages stay readable
 * @param logsDefaultLimit {@code IM_LOGS_DEFAULT_LIMIT}: page size of a {@code logs} request without one
 * @param logsMaxLimit     {@code IM_LOGS_MAX_LIMIT}: larger page sizes are clamped to this (also on the HTTP
 *                         history API)
 * @param credentials      the app id and keys the HTTP history API checks (master key only)
 * @param httpHost         {@code IM_HTTP_HOST}: address of the service's own HTTP server
 * @param httpPort         {@code IM_HTTP_PORT}: port of the service's own HTTP server for the history API
 *                         (clustered deployments); 0 means none, as in standalone mode, where the gateway's server
 *                         mounts {@link MessageVerticle#httpRouter()} instead
 */
public record MessageConfig(StoresConfig stores, int maxMessageBytes, Duration historyTtl, int logsDefaultLimit,
                            int logsMaxLimit, AppCredentials credentials, String httpHost, int httpPort) {

  public static final String MAX_MESSAGE_BYTES = "IM_MAX_MESSAGE_BYTES";
  public static final String HISTORY_TTL_DAYS = "IM_HISTORY_TTL_DAYS";
  public static final String LOGS_DEFAULT_LIMIT = "IM_LOGS_DEFAULT_LIMIT";
  public static final String LOGS_MAX_LIMIT = "IM_LOGS_MAX_LIMIT";
  public static final String HTTP_HOST = "IM_HTTP_HOST";
  public static final String HTTP_PORT = "IM_HTTP_PORT";

  public MessageConfig {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException(MAX_MESSAGE_BYTES + " must be positive, got " + maxMessageBytes);
    }
    if (historyTtl.isNegative() || historyTtl.isZero()) {
      throw new IllegalArgumentException(HISTORY_TTL_DAYS + " must be positive, got " + historyTtl.toDays());
    }
    if (logsMaxLimit <= 0) {
      throw new IllegalArgumentException(LOGS_MAX_LIMIT + " must be positive, got " + logsMaxLimit);
    }
    if (logsDefaultLimit <= 0 || logsDefaultLimit > logsMaxLimit) {
      throw new IllegalArgumentException(LOGS_DEFAULT_LIMIT + " must be between 1 and " + LOGS_MAX_LIMIT
        + " (" + logsMaxLimit + "), got " + logsDefaultLimit);
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException(HTTP_PORT + " must be between 0 (no server) and 65535, got " + httpPort);
    }
  }

  public static MessageConfig from(JsonObject config) {
    return new MessageConfig(
      StoresConfig.from(config),
      ConfigValues.integer(config, MAX_MESSAGE_BYTES, 5120),
      Duration.ofDays(ConfigValues.longValue(config, HISTORY_TTL_DAYS, 30)),
      ConfigValues.integer(config, LOGS_DEFAULT_LIMIT, 20),
      ConfigValues.integer(config, LOGS_MAX_LIMIT, 1000),
      AppCredentials.from(config),
      ConfigValues.string(config, HTTP_HOST, "0.0.0.0"),
      ConfigValues.integer(config, HTTP_PORT, 0));
  }
}
