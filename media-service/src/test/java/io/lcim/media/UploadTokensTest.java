package io.lcim.media;

import io.lcim.media.RestError.RestException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class UploadTokensTest {

  private static final String ID = "0123456789abcdef01234567";
  private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

  private final UploadTokens tokens =
    new UploadTokens("master", Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void issuedTokenVerifies() {
    String token = tokens.issue(ID);
    assertThat(tokens.verifyForUpload(token, ID))
      .isEqualTo(new UploadTokens.Claim(ID, NOW.plus(Duration.ofMinutes(10)).toEpochMilli()));
  }

  @Test
  void forgedOrForeignTokensAreInvalid() {
    String token = tokens.issue(ID);
    UploadTokens otherKey = new UploadTokens("other", Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));
    String longer = token.replaceFirst("\\.(\\d+)\\.", ".9$1.");
    assertThat(error(() -> otherKey.verify(token))).isEqualTo(RestError.UPLOAD_TOKEN_INVALID);
    assertThat(error(() -> tokens.verify(longer))).as("extended expiry").isEqualTo(RestError.UPLOAD_TOKEN_INVALID);
    assertThat(error(() -> tokens.verifyForUpload(token, "fedcba9876543210fedcba98")))
      .isEqualTo(RestError.UPLOAD_TOKEN_INVALID);
    assertThat(error(() -> tokens.verify(null))).isEqualTo(RestError.UPLOAD_TOKEN_INVALID);
    assertThat(error(() -> tokens.verify("garbage"))).isEqualTo(RestError.UPLOAD_TOKEN_INVALID);
  }

  @Test
  void expiredTokenIsRefusedForUploadButNamesItsFile() {
    UploadTokens later = new UploadTokens("master", Duration.ofMinutes(10),
      Clock.fixed(NOW.plus(Duration.ofMinutes(11)), ZoneOffset.UTC));
    String token = tokens.issue(ID);
    assertThat(error(() -> later.verifyForUpload(token, ID))).isEqualTo(RestError.UPLOAD_TOKEN_EXPIRED);
    assertThat(later.verify(token).objectId()).as("fileCallback may come late").isEqualTo(ID);
  }

  private static RestError error(Runnable action) {
    try {
      action.run();
    } catch (RestException e) {
      return e.error();
    }
    throw new AssertionError("no RestException");
  }
}
