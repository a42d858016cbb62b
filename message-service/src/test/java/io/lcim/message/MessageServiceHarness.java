package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.ConversationMembers;
import io.lcim.store.EmbeddedStores;
import io.lcim.common.LastMessage;
import io.lcim.common.PresenceRegistry;
import io.lcim.common.PushEnvelope;
import io.lcim.common.ServiceRequest;
import io.lcim.common.Stores;
import io.lcim.common.StoresConfig;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A deployed {@link MessageVerticle} on embedded stores, with stand-ins for its neighbours: conversation-service
 * (fixed member lists on {@link Addresses#CONVERSATION_MEMBERS}, captured {@link LastMessage}s) and gateway nodes
 * (presence registered in Redis, pushes captured from {@link Addresses#gatewayNode}).
 */
final class MessageServiceHarness implements AutoCloseable {

  static final String APP_ID = "test-app";

  final EmbeddedStores stores;
  final Vertx vertx;
  final MongoClient mongo;
  final MessageStore store;
  final PresenceRegistry presence;
  final List<LastMessage> lastMessages = new CopyOnWriteArrayList<>();
  private final Redis redis;
  private final Map<String, List<String>> conversations = new ConcurrentHashMap<>();
  private final Set<String> brokenConversations = ConcurrentHashMap.newKeySet();

  private MessageServiceHarness(EmbeddedStores stores, Vertx vertx, MongoClient mongo, Redis redis) {
    this.stores = stores;
    this.vertx = vertx;
    this.mongo = mongo;
    this.redis = redis;
    this.store = new MessageStore(mongo);
    this.presence = new PresenceRegistry(redis, 60_000);
  }

  /** Blocking: call from {@code @BeforeAll}. {@code overrides} are extra config entries. */
  static MessageServiceHarness start(JsonObject overrides) {
    EmbeddedStores stores = EmbeddedStores.startInMemory();
    Vertx vertx = Vertx.vertx();
    JsonObject config = new JsonObject()
      .put(StoresConfig.MONGO_URI, stores.mongoUri())
      .put(StoresConfig.MONGO_DB, "message-test")
      .put(StoresConfig.REDIS_URI, stores.redisUri())
      .mergeIn(overrides);
    StoresConfig storesConfig = StoresConfig.from(config);
    MessageServiceHarness harness = new MessageServiceHarness(stores, vertx, Stores.mongo(vertx, storesConfig),
      Stores.redis(vertx, storesConfig));
    harness.standInForConversationService();
    block(vertx.deployVerticle(new MessageVerticle(), new DeploymentOptions().setConfig(config)));
    return harness;
  }

  private void standInForConversationService() {
    vertx.eventBus().<JsonObject>consumer(Addresses.CONVERSATION_MEMBERS, message -> {
      String cid = ConversationMembers.requestedCid(message.body());
      if (brokenConversations.contains(cid)) {
        message.fail(500, "conversation store unavailable");
        return;
      }
      List<String> members = conversations.get(cid);
      message.reply(members == null
        ? ConversationMembers.notFound(cid).toJson()
        : new ConversationMembers(cid, true, members, false, false).toJson());
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.CONVERSATION_LAST_MESSAGE,
      message -> lastMessages.add(LastMessage.fromJson(message.body())));
  }

  /**
   * Sets the members of {@code cid} and, like conversation-service, tells membership caches to drop it. Each member
   * gets a member state as if it had joined before any tracked change (no join time, so no "invitation" either);
   * tests of join and leave notes send them explicitly.
   */
  void conversation(String cid, String... members) {
    conversations.put(cid, List.of(members));
    List<BulkOperation> states = new ArrayList<>();
    for (String member : members) {
      states.add(BulkOperation.createUpdate(new JsonObject().put(MemberState.ID, MemberState.id(cid, member)),
        new JsonObject().put("$setOnInsert", new JsonObject().put(MemberState.CID, cid)
          .put(MemberState.CLIENT_ID, member)), true, false));
    }
    block(mongo.bulkWrite(MemberStateStore.COLLECTION, states));
    vertx.eventBus().publish(Addresses.CONVERSATION_MEMBERS_CHANGED, ConversationMembers.request(cid));
  }

  /** Membership look-ups of {@code cid} fail as when conversation-service cannot reach its store. */
  void brokenConversation(String cid) {
    brokenConversations.add(cid);
    vertx.eventBus().publish(Addresses.CONVERSATION_MEMBERS_CHANGED, ConversationMembers.request(cid));
  }

  /** A fake gateway node holding sessions of {@code clientIds}; completes once their presence is registered. */
  Future<GatewayNode> gatewayNode(String nodeId, Collection<String> clientIds) {
    GatewayNode node = new GatewayNode();
    return vertx.eventBus().<Buffer>consumer(Addresses.gatewayNode(nodeId), m -> node.received(PushEnvelope.from(m)))
      .completion()
      .compose(v -> presence.register(nodeId, clientIds))
      .map(node);
  }

  TestClient client(String clientId, String nodeId) {
    return new TestClient(this, new ServiceRequest(APP_ID, clientId, clientId + "-session-1", nodeId));
  }

  /** Sends a client command as the gateway does; the reply is the response command. */
  Future<GenericCommand> request(ServiceRequest from, GenericCommand command) {
    return request(Commands.toBuffer(command), from.toDeliveryOptions());
  }

  Future<GenericCommand> request(Buffer body, DeliveryOptions options) {
    return vertx.eventBus().<Buffer>request(Addresses.MESSAGE_COMMAND, body, options)
      .map(reply -> Commands.parse(reply.body()));
  }

  Future<Long> storedCount(String cid) {
    return mongo.count(MessageStore.COLLECTION, new JsonObject().put("cid", cid));
  }

  Future<JsonObject> storedDocument(String id) {
    return mongo.findOne(MessageStore.COLLECTION, new JsonObject().put("_id", id), null);
  }

  @Override
  public void close() {
    try {
      block(mongo.close().eventually(redis::close));
      block(vertx.close());
    } finally {
      stores.close();
    }
  }

  static <T> T block(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("setup step failed", e);
    }
  }

  /** Pushes received by one fake gateway node, in arrival order. */
  static final class GatewayNode {
    private final Deque<PushEnvelope> unclaimed = new ArrayDeque<>();
    private final Deque<Promise<PushEnvelope>> waiting = new ArrayDeque<>();
    private final List<PushEnvelope> all = new ArrayList<>();

    private synchronized void received(PushEnvelope envelope) {
      all.add(envelope);
      Promise<PushEnvelope> waiter = waiting.poll();
      if (waiter != null) {
        waiter.complete(envelope);
      } else {
        unclaimed.add(envelope);
      }
    }

    /** The next push not yet returned by this method (waits for it if needed). */
    synchronized Future<PushEnvelope> next() {
      PushEnvelope envelope = unclaimed.poll();
      if (envelope != null) {
        return Future.succeededFuture(envelope);
      }
      Promise<PushEnvelope> promise = Promise.promise();
      waiting.add(promise);
      return promise.future();
    }

    synchronized List<PushEnvelope> all() {
      return List.copyOf(all);
    }
  }
}
