package io.lcim.message;

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
 * @param logsMaxLimit     {@code IM_LOGS_MAX_LIMIT}: larger page sizes are clamped to this
 */
public record MessageConfig(StoresConfig stores, int maxMessageBytes, Duration historyTtl, int logsDefaultLimit,
                            int logsMaxLimit) {

  public static final String MAX_MESSAGE_BYTES = "IM_MAX_MESSAGE_BYTES";
  public static final String HISTORY_TTL_DAYS = "IM_HISTORY_TTL_DAYS";
  public static final String LOGS_DEFAULT_LIMIT = "IM_LOGS_DEFAULT_LIMIT";
  public static final String LOGS_MAX_LIMIT = "IM_LOGS_MAX_LIMIT";

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
  }

  public static MessageConfig from(JsonObject config) {
    return new MessageConfig(
      StoresConfig.from(config),
      ConfigValues.integer(config, MAX_MESSAGE_BYTES, 5120),
      Duration.ofDays(ConfigValues.longValue(config, HISTORY_TTL_DAYS, 30)),
      ConfigValues.integer(config, LOGS_DEFAULT_LIMIT, 20),
      ConfigValues.integer(config, LOGS_MAX_LIMIT, 1000));
  }
}
