package io.lcim.gateway;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Session tokens ({@code st}) that need no storage and survive restarts, so that every client reconnecting after a
 * deploy is accepted: {@code base64url(expiryMillis) "." base64url(HMAC-SHA256(masterKey, appId:clientId:expiry))}.
 */
public final class SessionTokens {

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** A token and how long (seconds) the client may use it, as sent in {@code sessionMessage.st/stTtl}. */
  public record Issued(String token, int ttlSeconds) {
  }

  private final SecretKeySpec key;
  private final String appId;
  private final int ttlSeconds;
  private final Clock clock;

  public SessionTokens(String masterKey, String appId, int ttlSeconds, Clock clock) {
    this.key = new SecretKeySpec(masterKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.appId = appId;
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  public SessionTokens(String masterKey, String appId, int ttlSeconds) {
    this(masterKey, appId, ttlSeconds, Clock.systemUTC());
  }

  public Issued issue(String clientId) {
    String expiry = Long.toString(clock.millis() + ttlSeconds * 1000L);
    String token = ENCODER.encodeToString(expiry.getBytes(StandardCharsets.UTF_8)) + "."
      + ENCODER.encodeToString(signature(clientId, expiry));
    return new Issued(token, ttlSeconds);
  }

  /** True when {@code token} was issued by us for this app and client and has not expired. Never throws. */
  public boolean isValid(String clientId, String token) {
    if (token == null || clientId == null) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return false;
    }
    try {
      String expiry = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] presented = DECODER.decode(token.substring(dot + 1));
      if (Long.parseLong(expiry) <= clock.millis()) {
        return false;
      }
      return MessageDigest.isEqual(signature(clientId, expiry), presented);
    } catch (IllegalArgumentException e) {
      // Bad base64 or a non-numeric expiry (NumberFormatException is one too): a forged or damaged token.
      return false;
    }
  }

  private byte[] signature(String clientId, String expiry) {
    try {
      // Mac instances are not thread-safe and cheap next to a network round trip: one per call.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal((appId + ":" + clientId + ":" + expiry).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
