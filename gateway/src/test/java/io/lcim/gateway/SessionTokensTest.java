package io.lcim.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SessionTokensTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private final SessionTokens tokens = new SessionTokens("master", "app", 3600, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void anIssuedTokenIsValidForItsClientUntilItExpires() {
    SessionTokens.Issued issued = tokens.issue("Tom");

    assertThat(issued.ttlSeconds()).isEqualTo(3600);
    assertThat(issued.token()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(tokens.isValid("Tom", issued.token())).isTrue();
    assertThat(at(NOW.plus(Duration.ofMinutes(59))).isValid("Tom", issued.token())).isTrue();
    assertThat(at(NOW.plus(Duration.ofMinutes(60))).isValid("Tom", issued.token())).isFalse();
  }

  @Test
  void issuesAndChecksTokensOnManyThreadsAtOnce() throws Exception {
    // Each thread signs with its own Mac; a shared one would mix the signatures of concurrent logins.
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String clientId = "client-" + t;
        results.add(threads.submit(() -> {
          boolean allValid = true;
          for (int n = 0; n < 2000; n++) {
            allValid &= tokens.isValid(clientId, tokens.issue(clientId, n % 2 == 0 ? "Mobile" : null, "d").token());
          }
          return allValid;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void survivesARestartBecauseNothingIsStored() {
    String token = tokens.issue("Tom").token();

    assertThat(at(NOW).isValid("Tom", token)).isTrue();
  }

  @Test
  void isBoundToClientAppAndKey() {
    String token = tokens.issue("Tom").token();

    assertThat(tokens.isValid("Jerry", token)).isFalse();
    assertThat(new SessionTokens("master", "other-app", 3600, Clock.fixed(NOW, ZoneOffset.UTC))
      .isValid("Tom", token)).isFalse();
    assertThat(new SessionTokens("other-master", "app", 3600, Clock.fixed(NOW, ZoneOffset.UTC))
      .isValid("Tom", token)).isFalse();
  }

  @Test
  void rejectsForgedExpiriesAndMalformedTokens() {
    String token = tokens.issue("Tom").token();
    String signature = token.substring(token.indexOf('.'));
    String laterExpiry = java.util.Base64.getUrlEncoder().withoutPadding()
      .encodeToString(Long.toString(NOW.toEpochMilli() + 99_999_999L).getBytes());

    assertThat(tokens.isValid("Tom", laterExpiry + signature)).isFalse();
    assertThat(tokens.isValid("Tom", "")).isFalse();
    assertThat(tokens.isValid("Tom", ".")).isFalse();
    assertThat(tokens.isValid("Tom", "a.b.c")).isFalse();
    assertThat(tokens.isValid("Tom", "!!!.???")).isFalse();
    assertThat(tokens.isValid("Tom", "bm90LWEtbnVtYmVy.AAAA")).isFalse();
    assertThat(tokens.isValid("Tom", null)).isFalse();
  }

  @Test
  void aTaggedTokenCarriesItsSignedTagAndDevice() {
    String token = tokens.issue("Tom", "Mobile", "device-1").token();
    String[] parts = token.split("\\.");
    String otherTag = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("Web".getBytes());

    assertThat(tokens.verify("Tom", token)).contains(new SessionTokens.Claims("Mobile", "device-1"));
    assertThat(tokens.verify("Tom", tokens.issue("Tom", "Mobile", null).token()))
      .contains(new SessionTokens.Claims("Mobile", null));
    assertThat(tokens.verify("Tom", tokens.issue("Tom").token())).contains(new SessionTokens.Claims(null, null));
    assertThat(tokens.isValid("Tom", parts[0] + "." + parts[1] + "." + otherTag + "." + parts[3])).isFalse();
    assertThat(tokens.isValid("Tom", parts[0] + "." + parts[1])).isFalse();
    assertThat(tokens.isValid("Jerry", token)).isFalse();
  }

  private static SessionTokens at(Instant instant) {
    return new SessionTokens("master", "app", 3600, Clock.fixed(instant, ZoneOffset.UTC));
  }
}
