package io.lcim.common;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Typed reads of configuration. Keys are the environment variable names (IM_PORT, MONGO_URI…): a deployment's
 * config JSON is the process environment, optionally overlaid by the standalone launcher (embedded store URIs).
 */
public final class ConfigValues {

  private ConfigValues() {
  }

  /** The process environment as a config object. */
  public static JsonObject fromEnvironment() {
    return fromMap(System.getenv());
  }

  public static JsonObject fromMap(Map<String, String> env) {
    JsonObject json = new JsonObject();
    env.forEach(json::put);
    return json;
  }

  public static String string(JsonObject config, String key, String defaultValue) {
    Object value = config.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    return value.toString().trim();
  }

  public static int integer(JsonObject config, String key, int defaultValue) {
    return (int) longValue(config, key, defaultValue);
  }

  public static long longValue(JsonObject config, String key, long defaultValue) {
    String value = string(config, key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
    }
  }

  public static boolean bool(JsonObject config, String key, boolean defaultValue) {
    String value = string(config, key, null);
    return value == null ? defaultValue : Boolean.parseBoolean(value);
  }

  /**
   * A switch written {@code on}/{@code off} (or {@code true}/{@code false}); anything else is a configuration error.
   */
  public static boolean onOff(JsonObject config, String key, boolean defaultValue) {
    String value = string(config, key, null);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(key + " must be on or off, got '" + value + "'");
    };
  }
}
