package io.lcim.gateway;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Session tokens ({@code st}) that need no storage and survive restarts, so that every client reconnecting after a
 * deploy is accepted: {@code base64url(expiryMillis) "." base64url(HMAC-SHA256(masterKey, appId:clientId:expiry))}.
 *
 * <p>A session opened with a login tag also carries the tag and device id, signed with the rest:
 * {@code expiry "." signature "." base64url(tag) "." base64url(deviceId)}. A reconnect ({@code r: true}) sends
 * neither, so the token is where the reconnected session gets them back from, and single sign-on keeps working
 * after a reconnect or a restart.
 */
public final class SessionTokens {

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  /** Separates the signed parts; cannot be confused with the numeric expiry before it. */
  private static final char SEPARATOR = '\u0000';

  /** A token and how long (seconds) the client may use it, as sent in {@code sessionMessage.st/stTtl}. */
  public record Issued(String token, int ttlSeconds) {
  }

  /**
   * What a valid token says about the session it was issued to.
   *
   * @param tag      the login tag, or null
   * @param deviceId the device of a tagged login, or null
   */
  public record Claims(String tag, String deviceId) {
    static final Claims NONE = new Claims(null, null);
  }

  /**
   * A keyed Mac per thread: {@code Mac.getInstance} and {@code init} cost more than the signature itself, a Mac is
   * reusable after {@code doFinal} but not thread-safe, and tokens are issued and checked on every login.
   */
  private final ThreadLocal<Mac> macs;
  private final String appId;
  private final int ttlSeconds;
  private final Clock clock;

  public SessionTokens(String masterKey, String appId, int ttlSeconds, Clock clock) {
    SecretKeySpec key = new SecretKeySpec(masterKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
    this.appId = appId;
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  public SessionTokens(String masterKey, String appId, int ttlSeconds) {
    this(masterKey, appId, ttlSeconds, Clock.systemUTC());
  }

  public Issued issue(String clientId) {
    return issue(clientId, null, null);
  }

  /** A token for a session opened with {@code tag} (may be null) on device {@code deviceId} (may be null). */
  public Issued issue(String clientId, String tag, String deviceId) {
    String expiry = Long.toString(clock.millis() + ttlSeconds * 1000L);
    String token = ENCODER.encodeToString(expiry.getBytes(StandardCharsets.UTF_8)) + "."
      + ENCODER.encodeToString(signature(clientId, expiry, tag, deviceId));
    if (tag != null) {
      token += "." + encode(tag) + "." + encode(deviceId == null ? "" : deviceId);
    }
    return new Issued(token, ttlSeconds);
  }

  /** True when {@code token} was issued by us for this app and client and has not expired. Never throws. */
  public boolean isValid(String clientId, String token) {
    return verify(clientId, token).isPresent();
  }

  /** The token's claims when it is valid for this client (see {@link #isValid}), else empty. Never throws. */
  public Optional<Claims> verify(String clientId, String token) {
    if (token == null || clientId == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 2 && parts.length != 4) {
      return Optional.empty();
    }
    try {
      String expiry = decode(parts[0]);
      byte[] presented = DECODER.decode(parts[1]);
      Claims claims = parts.length == 2 ? Claims.NONE
        : new Claims(decode(parts[2]), parts[3].isEmpty() ? null : decode(parts[3]));
      if (parts[0].isEmpty() || Long.parseLong(expiry) <= clock.millis()) {
        return Optional.empty();
      }
      boolean genuine = MessageDigest.isEqual(signature(clientId, expiry, claims.tag(), claims.deviceId()), presented);
      return genuine ? Optional.of(claims) : Optional.empty();
    } catch (IllegalArgumentException e) {
      // Bad base64 or a non-numeric expiry (NumberFormatException is one too): a forged or damaged token.
      return Optional.empty();
    }
  }

  private byte[] signature(String clientId, String expiry, String tag, String deviceId) {
    String signed = appId + ":" + clientId + ":" + expiry;
    if (tag != null) {
      signed += SEPARATOR + tag + SEPARATOR + (deviceId == null ? "" : deviceId);
    }
    return macs.get().doFinal(signed.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static String encode(String text) {
    return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String part) {
    return new String(DECODER.decode(part), StandardCharsets.UTF_8);
  }
}
