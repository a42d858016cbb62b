package io.lcim.gateway;

import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway node that dies (or hangs) never removes its presence entries; they must lapse after one TTL, so that
 * its clients do not look online for long and pushes stop going to it, while clients of live nodes stay online.
 */
@Timeout(60)
class DeadNodePresenceTest extends GatewayTestBase {

  private Vertx doomedNode;

  @AfterEach
  void closeDoomedNode() {
    if (doomedNode != null) {
      await(doomedNode.close());
    }
  }

  @Test
  void theClientsOfANodeThatStopsRefreshingGoOfflineWithinOneTtl() throws InterruptedException {
    // One event loop, so that blocking it freezes that node completely: no refresh, no clean-up, as if killed.
    doomedNode = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
      .setMaxEventLoopExecuteTime(10).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
    GatewayVerticle dying = new GatewayVerticle();
    await(doomedNode.deployVerticle(dying, new DeploymentOptions().setConfig(baseConfig()
      .put("IM_PRESENCE_TTL_SECONDS", "1"))));
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    TestClient tomsClient = TestClient.connect(webSockets, dying.actualPort());
    tomsClient.open(APP_ID, tom);
    TestClient jerrysClient = loggedIn(jerry);
    assertThat(ping(jerrysClient, tom, jerry)).containsExactlyInAnyOrder(tom, jerry);

    CountDownLatch frozen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    doomedNode.runOnContext(v -> {
      frozen.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(frozen.await(5, TimeUnit.SECONDS)).isTrue();
    try {
      Thread.sleep(1500); // one TTL (1 s) plus margin; the live node's refresh keeps Jerry online meanwhile

      assertThat(ping(jerrysClient, tom, jerry)).containsExactly(jerry);
      assertThat(await(presence.nodesOf(List.of(tom)))).isEmpty();
    } finally {
      release.countDown();
    }
  }

  private static List<String> ping(TestClient client, String... ids) {
    GenericCommand result = client.request(GenericCommand.newBuilder().setCmd(CommandType.session)
      .setOp(OpType.query).setSessionMessage(SessionCommand.newBuilder().addAllSessionPeerIds(List.of(ids))).build());
    return result.getSessionMessage().getOnlineSessionPeerIdsList();
  }
}
