package io.lcim.common;

import io.lcim.store.EmbeddedStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SignaturesTest {

  private static final AppCredentials APP = new AppCredentials("app1", "key1", "master1");
  /** 2026-12-04T12:00:00Z. */
  private static final long NOW = 1_796_385_600_000L;

  private static EmbeddedStores stores;

  @BeforeAll
  static void startStores() {
    stores = EmbeddedStores.start(null, false, true);
  }

  @AfterAll
  static void stopStores() {
    stores.close();
  }

  private Redis redis(Vertx vertx) {
    return Stores.redis(vertx, StoresConfig.from(new JsonObject().put(StoresConfig.REDIS_URI, stores.redisUri())));
  }

  private static String nonce() {
    return UUID.randomUUID().toString();
  }

  private static Signatures.Signed login(String clientId, long timestamp, String nonce) {
    return new Signatures.Signed(timestamp, nonce,
      Signatures.sign("master1", "app1:" + clientId + "::" + timestamp + ":" + nonce));
  }

  @Test
  void signedStringsAreLeanCloudsWithSortedMembers() {
    assertThat(Signatures.loginText("a", "Tom", 5, "n")).isEqualTo("a:Tom::5:n");
    assertThat(Signatures.startText("a", "Tom", List.of("Tom", "Jerry", "Bob"), 5, "n"))
      .isEqualTo("a:Tom:Bob:Jerry:Tom:5:n");
    assertThat(Signatures.membershipText("a", "Tom", "c1", List.of("Mary", "Ann"), 5, "n", "invite"))
      .isEqualTo("a:Tom:c1:Ann:Mary:5:n:invite");
    // RFC 2202 test case 2.
    assertThat(Signatures.sign("Jefe", "what do ya want for nothing?"))
      .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  }

  @Test
  void timestampsInSecondsAndMillisecondsAreToldApartByMagnitude() {
    assertThat(Signatures.toMillis(NOW)).isEqualTo(NOW);
    assertThat(Signatures.toMillis(NOW / 1000)).isEqualTo(NOW / 1000 * 1000);
  }

  @Test
  void theWindowIsSixHoursBackAndAFewMinutesAhead() {
    assertThat(Signatures.withinWindow(NOW - Signatures.VALIDITY_MILLIS, NOW)).isTrue();
    assertThat(Signatures.withinWindow(NOW - Signatures.VALIDITY_MILLIS - 1, NOW)).isFalse();
    assertThat(Signatures.withinWindow(NOW + Signatures.MAX_CLOCK_SKEW_MILLIS, NOW)).isTrue();
    assertThat(Signatures.withinWindow(NOW + Signatures.MAX_CLOCK_SKEW_MILLIS + 1, NOW)).isFalse();
  }

  @Test
  void loginSignaturesInMillisecondsAndSecondsAreAccepted(Vertx vertx, VertxTestContext ctx) {
    Signatures signatures = new Signatures(APP, redis(vertx), () -> NOW);
    Future.all(
        signatures.verifyLogin("Tom", login("Tom", NOW - 1000, nonce())),
        signatures.verifyLogin("Tom", login("Tom", NOW / 1000 - 60, nonce())),
        signatures.verifyLogin("Tom", login("Tom", NOW - Signatures.VALIDITY_MILLIS, nonce())),
        signatures.verifyLogin("Tom", login("Tom", (NOW - Signatures.VALIDITY_MILLIS) / 1000, nonce())))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<Boolean>list()).containsOnly(true);
        ctx.completeNow();
      })));
  }

  @Test
  void wrongStaleFutureIncompleteAndForeignSignaturesAreRefused(Vertx vertx, VertxTestContext ctx) {
    Signatures signatures = new Signatures(APP, redis(vertx), () -> NOW);
    Signatures.Signed forJerry = login("Jerry", NOW, nonce());
    Signatures.Signed otherKey = new Signatures.Signed(NOW, "n1",
      Signatures.sign("not-the-master-key", "app1:Tom::" + NOW + ":n1"));
    Future.all(List.of(
        signatures.verifyLogin("Tom", forJerry),
        signatures.verifyLogin("Tom", otherKey),
        signatures.verifyLogin("Tom", login("Tom", NOW - Signatures.VALIDITY_MILLIS - 1, nonce())),
        signatures.verifyLogin("Tom", login("Tom", (NOW - Signatures.VALIDITY_MILLIS) / 1000 - 1, nonce())),
        signatures.verifyLogin("Tom", login("Tom", NOW + Signatures.MAX_CLOCK_SKEW_MILLIS + 1, nonce())),
        signatures.verifyLogin("Tom", login("Tom", 0, nonce())),
        signatures.verifyLogin("Tom", login("Tom", NOW, "x".repeat(Signatures.MAX_NONCE_LENGTH + 1))),
        signatures.verifyLogin("Tom", new Signatures.Signed(null, null, null)),
        signatures.verifyLogin("Tom", new Signatures.Signed(NOW, "n2", null))))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<Boolean>list()).containsOnly(false);
        ctx.completeNow();
      })));
  }

  @Test
  void aNonceIsAcceptedOnceWithinTheWindow(Vertx vertx, VertxTestContext ctx) {
    Signatures signatures = new Signatures(APP, redis(vertx), () -> NOW);
    Signatures.Signed signed = login("Tom", NOW, nonce());
    signatures.verifyLogin("Tom", signed)
      .compose(first -> signatures.verifyLogin("Tom", signed).map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
        assertThat(results).containsExactly(true, false);
        ctx.completeNow();
      })));
  }

  @Test
  void aRefusedSignatureDoesNotUseUpItsNonce(Vertx vertx, VertxTestContext ctx) {
    AtomicLong clock = new AtomicLong(NOW);
    Signatures signatures = new Signatures(APP, redis(vertx), clock::get);
    String nonce = nonce();
    Signatures.Signed wrong = new Signatures.Signed(NOW, nonce, "00".repeat(20));
    signatures.verifyLogin("Tom", wrong)
      .compose(first -> signatures.verifyLogin("Tom", login("Tom", NOW, nonce)).map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
        assertThat(results).containsExactly(false, true);
        ctx.completeNow();
      })));
  }

  @Test
  void conversationSignaturesAcceptBothSdkGenerationsActionNames(Vertx vertx, VertxTestContext ctx) {
    Signatures signatures = new Signatures(APP, redis(vertx), () -> NOW);
    List<String> members = List.of("Mary", "Ann");
    String n1 = nonce();
    String n2 = nonce();
    String n3 = nonce();
    String n4 = nonce();
    String n5 = nonce();
    Future.all(List.of(
        signatures.verifyMembership("Tom", "c1", members, Signatures.MembershipAction.ADD, new Signatures.Signed(
          NOW, n1, Signatures.sign("master1", "app1:Tom:c1:Ann:Mary:" + NOW + ":" + n1 + ":add"))),
        signatures.verifyMembership("Tom", "c1", members, Signatures.MembershipAction.ADD, new Signatures.Signed(
          NOW, n2, Signatures.sign("master1", "app1:Tom:c1:Ann:Mary:" + NOW + ":" + n2 + ":invite"))),
        signatures.verifyMembership("Tom", "c1", members, Signatures.MembershipAction.REMOVE, new Signatures.Signed(
          NOW, n3, Signatures.sign("master1", "app1:Tom:c1:Ann:Mary:" + NOW + ":" + n3 + ":kick"))),
        // An "add" signature does not allow a removal, nor one for another conversation.
        signatures.verifyMembership("Tom", "c1", members, Signatures.MembershipAction.REMOVE, new Signatures.Signed(
          NOW, n4, Signatures.sign("master1", "app1:Tom:c1:Ann:Mary:" + NOW + ":" + n4 + ":add"))),
        signatures.verifyMembership("Tom", "c2", members, Signatures.MembershipAction.ADD, new Signatures.Signed(
          NOW, n5, Signatures.sign("master1", "app1:Tom:c1:Ann:Mary:" + NOW + ":" + n5 + ":add"))),
        signatures.verifyStart("Tom", List.of("Tom", "Jerry"), new Signatures.Signed(
          NOW, n5, Signatures.sign("master1", "app1:Tom:Jerry:Tom:" + NOW + ":" + n5)))))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<Boolean>list()).containsExactly(true, true, true, false, false, true);
        ctx.completeNow();
      })));
  }
}
