package io.lcim.conversation;

import io.lcim.store.EmbeddedStores;
import io.lcim.common.ErrorCode;
import io.lcim.common.PushEnvelope;
import io.lcim.common.StoresConfig;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.JsonObjectMessage;
import io.lcim.common.proto.OpType;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploys {@link ConversationVerticle} against embedded stores (a fresh database per test) and gives tests a
 * {@link FakeGateway} on which the seed users are online.
 */
@ExtendWith(VertxExtension.class)
abstract class ConversationServiceTestBase {

  static final List<String> ONLINE = List.of("Tom", "Jerry", "Mary", "William", "Harry");

  private static EmbeddedStores stores;

  Vertx vertx;
  Redis redis;
  FakeGateway gateway;

  @BeforeAll
  static void startStores() {
    stores = EmbeddedStores.startInMemory();
  }

  @AfterAll
  static void stopStores() {
    if (stores != null) {
      stores.close();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    JsonObject config = serviceConfig()
      .put(StoresConfig.MONGO_URI, stores.mongoUri())
      .put(StoresConfig.REDIS_URI, stores.redisUri())
      .put(StoresConfig.MONGO_DB, "conv_" + UUID.randomUUID().toString().replace("-", ""));
    FakeGateway.await(() -> vertx.deployVerticle(new ConversationVerticle(),
      new DeploymentOptions().setConfig(config)));
    redis = Redis.createClient(vertx, stores.redisUri());
    gateway = FakeGateway.start(vertx, redis, ONLINE);
  }

  @AfterEach
  void closeRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  /** Extra service settings for a test class. */
  JsonObject serviceConfig() {
    return new JsonObject();
  }

  static GenericCommand conv(OpType op, ConvCommand.Builder convMessage) {
    return GenericCommand.newBuilder().setCmd(CommandType.conv).setOp(op).setConvMessage(convMessage).build();
  }

  static JsonObjectMessage json(String data) {
    return JsonObjectMessage.newBuilder().setData(data).build();
  }

  /** {@code conv/start} as the SDK sends it; returns the new cid. */
  String start(String creator, List<String> members, String attrJson) {
    GenericCommand reply = gateway.call(creator, conv(OpType.start,
      ConvCommand.newBuilder().addAllM(members).setAttr(json(attrJson))));
    assertThat(reply.getOp()).isEqualTo(OpType.started);
    return reply.getConvMessage().getCid();
  }

  /** {@code conv/query} with a {@code where} condition; returns the parsed results array. */
  JsonArray query(String clientId, ConvCommand.Builder queryMessage) {
    GenericCommand reply = gateway.call(clientId, conv(OpType.query, queryMessage));
    assertThat(reply.getCmd()).isEqualTo(CommandType.conv);
    assertThat(reply.getOp()).isEqualTo(OpType.results);
    return new JsonArray(reply.getConvMessage().getResults().getData());
  }

  JsonArray queryWhere(String clientId, String where) {
    return query(clientId, ConvCommand.newBuilder().setWhere(json(where)));
  }

  JsonObject queryById(String clientId, String cid) {
    JsonArray results = queryWhere(clientId, new JsonObject().put("objectId", cid).encode());
    assertThat(results).hasSize(1);
    return results.getJsonObject(0);
  }

  static void assertRefused(ReplyException refusal, ErrorCode code) {
    assertThat(refusal.failureCode()).as(refusal.getMessage()).isEqualTo(code.code());
    assertThat(refusal.getMessage()).startsWith(code.name());
  }

  /**
   * One line per (recipient, push), sorted, like {@code "Jerry <- members_joined initBy=Tom m=[Mary]"}, after
   * checking that every push is a {@code conv} command about {@code cid} without {@code peerId} (the gateway sets it).
   */
  static List<String> describe(String cid, List<PushEnvelope> pushes) {
    for (PushEnvelope push : pushes) {
      assertThat(push.command().getCmd()).isEqualTo(CommandType.conv);
      assertThat(push.command().hasPeerId()).isFalse();
      assertThat(push.command().hasI()).isFalse();
      assertThat(push.command().getConvMessage().getCid()).isEqualTo(cid);
    }
    return pushes.stream().flatMap(push -> push.recipients().stream().map(recipient -> recipient + " <- "
        + push.command().getOp() + " " + describe(push.command().getConvMessage())))
      .sorted().toList();
  }

  private static String describe(ConvCommand conv) {
    StringBuilder text = new StringBuilder("initBy=").append(conv.getInitBy());
    if (conv.getMCount() > 0) {
      text.append(" m=").append(conv.getMList());
    }
    return text.toString();
  }
}
