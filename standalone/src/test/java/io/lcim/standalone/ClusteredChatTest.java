package io.lcim.standalone;

import io.lcim.common.ClusterConfig;
import io.lcim.store.EmbeddedStores;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.JsonObjectMessage;
import io.lcim.common.proto.OpType;
import io.lcim.common.testing.LcWireClient;
import io.lcim.conversation.ConversationVerticle;
import io.lcim.gateway.GatewayVerticle;
import io.lcim.message.MessageVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on one clustered Vert.x node and the services on another (Hazelcast on 127.0.0.1 only): a chat
 * crosses the cluster both ways (commands to the services, pushes back to the gateway node).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusteredChatTest {

  private static final String APP_ID = "cluster-test-app";
  private static EmbeddedStores stores;
  private static Vertx gatewayNode;
  private static Vertx serviceNode;
  private static int port;

  @BeforeAll
  static void startCluster() throws Exception {
    stores = EmbeddedStores.startInMemory();
    JsonObject config = new JsonObject()
      .put("MONGO_URI", stores.mongoUri())
      .put("REDIS_URI", stores.redisUri())
      .put("IM_HOST", "127.0.0.1")
      .put("IM_PORT", "0")
      .put("IM_APP_ID", APP_ID)
      .put("CLUSTER_NAME", "lcim-test-" + UUID.randomUUID())
      .put("CLUSTER_HOST", "127.0.0.1")
      .put("CLUSTER_PORT", "5801");
    ClusterConfig cluster = ClusterConfig.from(config);
    serviceNode = await(cluster.startVertx(new VertxOptions()));
    gatewayNode = await(cluster.startVertx(new VertxOptions()));
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    // Port 0: a port picked in advance can be taken meanwhile (e.g. as the local end of a Hazelcast connection).
    GatewayVerticle gateway = new GatewayVerticle();
    await(serviceNode.deployVerticle(new ConversationVerticle(), options)
      .compose(id -> serviceNode.deployVerticle(new MessageVerticle(), options))
      .compose(id -> gatewayNode.deployVerticle(gateway, options)));
    port = gateway.actualPort();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (gatewayNode != null) {
      await(gatewayNode.close());
    }
    if (serviceNode != null) {
      await(serviceNode.close());
    }
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void chatCrossesTheCluster() throws Exception {
    Vertx client = Vertx.vertx();
    try {
      LcWireClient tom = await(LcWireClient.connect(client, port));
      LcWireClient jerry = await(LcWireClient.connect(client, port));
      await(tom.open(APP_ID, "Tom"));
      await(jerry.open(APP_ID, "Jerry"));

      GenericCommand started = await(tom.request(GenericCommand.newBuilder().setCmd(CommandType.conv)
        .setOp(OpType.start).setConvMessage(ConvCommand.newBuilder().addM("Jerry").addM("Tom")
          .setAttr(JsonObjectMessage.newBuilder().setData("{\"name\":\"Tom & Jerry\"}")))));
      assertThat(started.getCmd()).isEqualTo(CommandType.conv);
      String cid = started.getConvMessage().getCid();
      assertThat(cid).isNotEmpty();

      GenericCommand joined = await(jerry.nextPush(p -> p.getCmd() == CommandType.conv, 10_000));
      assertThat(joined.getOp()).isEqualTo(OpType.joined);
      assertThat(joined.getPeerId()).isEqualTo("Jerry");
      assertThat(joined.getConvMessage().getInitBy()).isEqualTo("Tom");

      GenericCommand ack = await(tom.request(GenericCommand.newBuilder().setCmd(CommandType.direct)
        .setDirectMessage(DirectCommand.newBuilder().setCid(cid).setMsg("hello across the cluster"))));
      assertThat(ack.getCmd()).isEqualTo(CommandType.ack);
      assertThat(ack.getAckMessage().hasCode()).isFalse();

      GenericCommand delivered = await(jerry.nextPush(p -> p.getCmd() == CommandType.direct, 10_000));
      assertThat(delivered.getPeerId()).isEqualTo("Jerry");
      assertThat(delivered.getDirectMessage().getMsg()).isEqualTo("hello across the cluster");
      assertThat(delivered.getDirectMessage().getFromPeerId()).isEqualTo("Tom");
      assertThat(delivered.getDirectMessage().getId()).isEqualTo(ack.getAckMessage().getUid());
      assertThat(delivered.getDirectMessage().getTimestamp()).isEqualTo(ack.getAckMessage().getT());
      assertThat(tom.receivedPushes()).noneMatch(p -> p.getCmd() == CommandType.direct);
    } finally {
      await(client.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
