package io.lcim.media;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Signed upload tokens {@code objectId.expiresAtMillis.signature}: what the {@code upload_url} carries and what the
 * SDK echoes in {@code fileCallback}. The HMAC key is derived from the master key, so any node can check a token;
 * single use is enforced by the file record's state, not here.
 */
final class UploadTokens {

  private static final Pattern SHAPE = Pattern.compile("([0-9a-f]{24})\\.([0-9]{1,15})\\.([A-Za-z0-9_-]{43})");
  private static final String ALGORITHM = "HmacSHA256";

  /** What a token names. */
  record Claim(String objectId, long expiresAtMillis) {
  }

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  UploadTokens(String masterKey, Duration ttl, Clock clock) {
    this.key = new SecretKeySpec(hmac(new SecretKeySpec(masterKey.getBytes(StandardCharsets.UTF_8), ALGORITHM),
      "lcim media upload token key"), ALGORITHM);
    this.ttl = ttl;
    this.clock = clock;
  }

  String issue(String objectId) {
    long expiresAt = clock.millis() + ttl.toMillis();
    String payload = objectId + "." + expiresAt;
    return payload + "." + signature(payload);
  }

  /**
   * The claim of a well-formed, correctly signed token, expired or not ({@code fileCallback} may come late).
   *
   * @throws RestError.RestException UPLOAD_TOKEN_INVALID otherwise
   */
  Claim verify(String token) {
    var matcher = token == null ? null : SHAPE.matcher(token);
    if (matcher == null || !matcher.matches()) {
      throw RestError.UPLOAD_TOKEN_INVALID.exception();
    }
    String payload = matcher.group(1) + "." + matcher.group(2);
    byte[] expected = signature(payload).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, matcher.group(3).getBytes(StandardCharsets.US_ASCII))) {
      throw RestError.UPLOAD_TOKEN_INVALID.exception();
    }
    return new Claim(matcher.group(1), Long.parseLong(matcher.group(2)));
  }

  /** Like {@link #verify} and also unexpired, for the upload itself. */
  Claim verifyForUpload(String token, String objectId) {
    Claim claim = verify(token);
    if (!claim.objectId().equals(objectId)) {
      throw RestError.UPLOAD_TOKEN_INVALID.exception();
    }
    if (clock.millis() > claim.expiresAtMillis()) {
      throw RestError.UPLOAD_TOKEN_EXPIRED.exception();
    }
    return claim;
  }

  private String signature(String payload) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, payload));
  }

  private static byte[] hmac(SecretKeySpec key, String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
