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
 * {@code X-LC-Sign: md5(ts + key),ts[,master]}. A signed request is refused when its timestamp is further than
 * {@code signWindowMillis} from now either way, so that a captured header cannot be replayed for ever.
 *
 * @param appId            {@code IM_APP_ID}
 * @param appKey           {@code IM_APP_KEY}: what client apps embed
 * @param masterKey        {@code IM_MASTER_KEY}: server-side only; also keys session-token HMACs and signatures
 * @param signWindowMillis {@code IM_REST_SIGN_WINDOW_SECONDS} (in ms): how far an {@code X-LC-Sign} timestamp may
 *                         be from the server's clock; wide, since it is the client device's clock
 */
public record AppCredentials(String appId, String appKey, String masterKey, long signWindowMillis) {

  public static final String IM_REST_SIGN_WINDOW_SECONDS = "IM_REST_SIGN_WINDOW_SECONDS";
  /** 15 minutes either way (docs/storage-and-rest.md §1.2). */
  public static final long DEFAULT_SIGN_WINDOW_SECONDS = 900;

  public static final String DEV_APP_ID = "lcim-dev-app";
  public static final String DEV_APP_KEY = "lcim-dev-key";
  public static final String DEV_MASTER_KEY = "lcim-dev-master";

  /** What a request proved. */
  public enum Access {
    NONE, APP, MASTER
  }

  public AppCredentials {
    if (signWindowMillis <= 0) {
      throw new IllegalArgumentException(IM_REST_SIGN_WINDOW_SECONDS + " must be positive");
    }
  }

  /** With the default {@code X-LC-Sign} window. */
  public AppCredentials(String appId, String appKey, String masterKey) {
    this(appId, appKey, masterKey, DEFAULT_SIGN_WINDOW_SECONDS * 1000);
  }

  public static AppCredentials from(JsonObject config) {
    return new AppCredentials(
      ConfigValues.string(config, "IM_APP_ID", DEV_APP_ID),
      ConfigValues.string(config, "IM_APP_KEY", DEV_APP_KEY),
      ConfigValues.string(config, "IM_MASTER_KEY", DEV_MASTER_KEY),
      ConfigValues.longValue(config, IM_REST_SIGN_WINDOW_SECONDS, DEFAULT_SIGN_WINDOW_SECONDS) * 1000);
  }

  /** A short, non-reversible fingerprint of the master key, for logs: enough to tell two keys apart. */
  public String masterKeyFingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(masterKey.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    // Records print every component; the master key must never reach a log.
    return "AppCredentials[appId=" + appId + ", master key " + masterKeyFingerprint() + "]";
  }

  public boolean usesDevelopmentKeys() {
    return DEV_APP_KEY.equals(appKey) || DEV_MASTER_KEY.equals(masterKey);
  }

  /** Checks the LeanCloud auth headers of an HTTP request. */
  public Access authenticate(MultiMap headers) {
    return authenticate(headers, System.currentTimeMillis());
  }

  Access authenticate(MultiMap headers, long nowMillis) {
    String id = headers.get("X-LC-Id");
    if (id == null || !constantTimeEquals(id, appId)) {
      return Access.NONE;
    }
    String sign = headers.get("X-LC-Sign");
    if (sign != null) {
      return checkSign(sign, nowMillis);
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

  private Access checkSign(String header, long nowMillis) {
    String[] parts = header.split(",");
    if (parts.length < 2 || parts.length > 3) {
      return Access.NONE;
    }
    boolean master = parts.length == 3;
    if (master && !"master".equals(parts[2])) {
      return Access.NONE;
    }
    if (!fresh(parts[1], nowMillis)) {
      return Access.NONE;
    }
    String expected = md5Hex(parts[1] + (master ? masterKey : appKey));
    if (!constantTimeEquals(parts[0].toLowerCase(), expected)) {
      return Access.NONE;
    }
    return master ? Access.MASTER : Access.APP;
  }

  /** The timestamp is milliseconds, as the storage SDK sends it; a non-number is not fresh. */
  private boolean fresh(String timestamp, long nowMillis) {
    try {
      return Math.abs(Long.parseLong(timestamp) - nowMillis) <= signWindowMillis;
    } catch (NumberFormatException e) {
      return false;
    }
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
