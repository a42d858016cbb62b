package io.lcim.common;

import io.lcim.store.EmbeddedStores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PresenceRegistryTest {

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

  @Test
  void registeredClientsAreFoundOnTheirNodes(Vertx vertx, VertxTestContext ctx) {
    PresenceRegistry presence = new PresenceRegistry(redis(vertx), 30_000);
    presence.register("node-a", List.of("p1-Tom", "p1-Jerry"))
      .compose(v -> presence.register("node-b", List.of("p1-Jerry")))
      .compose(v -> presence.nodesOf(List.of("p1-Tom", "p1-Jerry", "p1-Nobody")))
      .compose(byNode -> {
        ctx.verify(() -> assertThat(byNode).isEqualTo(Map.of(
          "node-a", List.of("p1-Tom", "p1-Jerry"),
          "node-b", List.of("p1-Jerry"))));
        return presence.unregister("node-a", "p1-Jerry");
      })
      .compose(v -> presence.online(List.of("p1-Tom", "p1-Jerry", "p1-Nobody")))
      .compose(online -> {
        ctx.verify(() -> assertThat(online).containsExactly("p1-Tom", "p1-Jerry"));
        return presence.unregisterAll("node-b", List.of("p1-Jerry"));
      })
      .compose(v -> presence.online(List.of("p1-Jerry")))
      .onComplete(ctx.succeeding(online -> ctx.verify(() -> {
        assertThat(online).isEmpty();
        ctx.completeNow();
      })));
  }

  @Test
  void entriesOfANodeThatStopsRefreshingLapse(Vertx vertx, VertxTestContext ctx) {
    // node-dead registers with a short TTL and then never refreshes (as if killed); node-live keeps refreshing.
    PresenceRegistry shortLived = new PresenceRegistry(redis(vertx), 300);
    PresenceRegistry longLived = new PresenceRegistry(redis(vertx), 30_000);
    shortLived.register("node-dead", List.of("p2-Mary"))
      .compose(v -> longLived.register("node-live", List.of("p2-Mary")))
      .compose(v -> longLived.nodesOf(List.of("p2-Mary")))
      .onComplete(ctx.succeeding(before -> {
        ctx.verify(() -> assertThat(before.keySet()).containsExactlyInAnyOrder("node-dead", "node-live"));
        vertx.setTimer(600, t -> longLived.nodesOf(List.of("p2-Mary"))
          .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat(after.keySet()).containsExactly("node-live");
            ctx.completeNow();
          }))));
      }));
  }

  @Test
  void clientsOfANodeWhoseHeartbeatStoppedAreOfflineLongBeforeTheirEntriesLapse(Vertx vertx, VertxTestContext ctx) {
    // Entries live 30 s, node liveness 400 ms: "node-killed" registers once and then never beats again.
    PresenceRegistry killed = new PresenceRegistry(redis(vertx), 30_000, 400);
    PresenceRegistry live = new PresenceRegistry(redis(vertx), 30_000, 30_000);
    killed.register("node-killed", List.of("p3-Tom", "p3-Jerry"))
      .compose(v -> live.register("node-alive", List.of("p3-Jerry")))
      .compose(v -> live.online(List.of("p3-Tom", "p3-Jerry")))
      .onComplete(ctx.succeeding(before -> {
        ctx.verify(() -> assertThat(before).containsExactly("p3-Tom", "p3-Jerry"));
        vertx.setTimer(700, t -> live.heartbeat("node-alive")
          .compose(v -> live.nodesOf(List.of("p3-Tom", "p3-Jerry")))
          .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat(after).isEqualTo(Map.of("node-alive", List.of("p3-Jerry")));
            ctx.completeNow();
          }))));
      }));
  }

  @Test
  void aNodeThatSaysItIsGoneIsSkippedAtOnce(Vertx vertx, VertxTestContext ctx) {
    PresenceRegistry presence = new PresenceRegistry(redis(vertx), 30_000);
    presence.register("node-leaving", List.of("p4-Mary"))
      .compose(v -> presence.nodeGone("node-leaving"))
      .compose(v -> presence.online(List.of("p4-Mary")))
      .onComplete(ctx.succeeding(online -> ctx.verify(() -> {
        assertThat(online).isEmpty();
        ctx.completeNow();
      })));
  }

  @Test
  void emptyInputsNeedNoRoundTrip(Vertx vertx, VertxTestContext ctx) {
    PresenceRegistry presence = new PresenceRegistry(redis(vertx), 30_000);
    presence.online(Set.of()).onComplete(ctx.succeeding(online -> ctx.verify(() -> {
      assertThat(online).isEmpty();
      ctx.completeNow();
    })));
  }
}
