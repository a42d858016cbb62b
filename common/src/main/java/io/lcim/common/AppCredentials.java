package io.lcim.common;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The application's id and keys, and how HTTP requests prove they know them (docs/storage-and-rest.md §1.2):
 * {@code X-LC-Id} plus either {@code X-LC-Key: appKey | masterKey,master} or
 * {@code X-LC-Sign: md5(ts + key),ts[,master]}.
 *
 * @param appId     {@code IM_APP_ID}
 * @param appKey    {@code IM_APP_KEY}: what client apps embed
 * @param masterKey {@code IM_MASTER_KEY}: server-side only; also keys session-token HMACs
 */
public record AppCredentials(String appId, String appKey, String masterKey) {

  public static final String DEV_APP_ID = "lcim-dev-app";
  public static final String DEV_APP_KEY = "lcim-dev-key";
  public static final String DEV_MASTER_KEY = "lcim-dev-master";

  /** What a request proved. */
  public enum Access {
    NONE, APP, MASTER
  }

  public static AppCredentials from(JsonObject config) {
    return new AppCredentials(
      ConfigValues.string(config, "IM_APP_ID", DEV_APP_ID),
      ConfigValues.string(config, "IM_APP_KEY", DEV_APP_KEY),
      ConfigValues.string(config, "IM_MASTER_KEY", DEV_MASTER_KEY));
  }

  public boolean usesDevelopmentKeys() {
    return DEV_APP_KEY.equals(appKey) || DEV_MASTER_KEY.equals(masterKey);
  }

  /** Checks the LeanCloud auth headers of an HTTP request. */
  public Access authenticate(MultiMap headers) {
    String id = headers.get("X-LC-Id");
    if (id == null || !constantTimeEquals(id, appId)) {
      return Access.NONE;
    }
    String sign = headers.get("X-LC-Sign");
    if (sign != null) {
      return checkSign(sign);
    }
    String key = headers.get("X-LC-Key");
    if (key == null) {
      return Access.NONE;
    }
    if (key.endsWith(",master")) {
      return constantTimeEquals(key.substring(0, key.length() - ",master".length()), masterKey)
        ? Access.MASTER : Access.NONE;
    }
    if (constantTimeEquals(key, masterKey)) {
      return Access.MASTER;
    }
    return constantTimeEquals(key, appKey) ? Access.APP : Access.NONE;
  }

  private Access checkSign(String header) {
    String[] parts = header.split(",");
    if (parts.length < 2 || parts.length > 3) {
      return Access.NONE;
    }
    boolean master = parts.length == 3;
    if (master && !"master".equals(parts[2])) {
      return Access.NONE;
    }
    String expected = md5Hex(parts[1] + (master ? masterKey : appKey));
    if (!constantTimeEquals(parts[0].toLowerCase(), expected)) {
      return Access.NONE;
    }
    return master ? Access.MASTER : Access.APP;
  }

  static String md5Hex(String text) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
