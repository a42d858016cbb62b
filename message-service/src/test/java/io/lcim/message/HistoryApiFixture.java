package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.ConversationMembers;
import io.lcim.store.EmbeddedStores;
import io.lcim.common.Stores;
import io.lcim.common.StoresConfig;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.lcim.message.MessageServiceHarness.block;

/**
 * A {@link MessageVerticle} on embedded stores serving its HTTP history API on its own server (127.0.0.1), with a
 * stand-in for conversation-service's membership answers, and an HTTP client that speaks to it.
 */
final class HistoryApiFixture implements AutoCloseable {

  static final String APP_ID = "history-app";
  static final String APP_KEY = "history-app-key";
  static final String MASTER_KEY = "history-master-key";
  static final long REQUEST_TIMEOUT_MILLIS = 10_000;
  static final Instant READABLE_UNTIL = Instant.now().plus(Duration.ofDays(1));

  final Vertx vertx;
  final MessageVerticle verticle;
  final MessageStore store;
  final int port;
  private final EmbeddedStores stores;
  private final MongoClient mongo;
  private final HttpClient http;
  private final Context clientContext;
  private final Map<String, ConversationMembers> conversations = new ConcurrentHashMap<>();
  private final Set<String> broken = ConcurrentHashMap.newKeySet();

  private HistoryApiFixture(EmbeddedStores stores, Vertx vertx, MessageVerticle verticle, MongoClient mongo,
                            int port) {
    this.stores = stores;
    this.vertx = vertx;
    this.verticle = verticle;
    this.mongo = mongo;
    this.store = new MessageStore(mongo);
    this.port = port;
    this.clientContext = vertx.getOrCreateContext();
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** Blocking: call from {@code @BeforeAll}. */
  static HistoryApiFixture start() {
    EmbeddedStores stores = EmbeddedStores.startInMemory();
    Vertx vertx = Vertx.vertx();
    int port = freePort();
    JsonObject config = new JsonObject()
      .put(StoresConfig.MONGO_URI, stores.mongoUri())
      .put(StoresConfig.MONGO_DB, "history-api-test")
      .put(StoresConfig.REDIS_URI, stores.redisUri())
      .put("IM_APP_ID", APP_ID)
      .put("IM_APP_KEY", APP_KEY)
      .put("IM_MASTER_KEY", MASTER_KEY)
      .put(MessageConfig.HTTP_HOST, "127.0.0.1")
      .put(MessageConfig.HTTP_PORT, String.valueOf(port));
    MessageVerticle verticle = new MessageVerticle();
    HistoryApiFixture fixture = new HistoryApiFixture(stores, vertx, verticle,
      Stores.mongo(vertx, StoresConfig.from(config)), port);
    fixture.standInForConversationService();
    block(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    return fixture;
  }

  private void standInForConversationService() {
    vertx.eventBus().<JsonObject>consumer(Addresses.CONVERSATION_MEMBERS, message -> {
      String cid = ConversationMembers.requestedCid(message.body());
      if (broken.contains(cid)) {
        message.fail(500, "conversation store unavailable");
        return;
      }
      message.reply(conversations.getOrDefault(cid, ConversationMembers.notFound(cid)).toJson());
    });
  }

  void conversation(String cid) {
    conversations.put(cid, new ConversationMembers(cid, true, List.of("alice", "bob"), false, false));
  }

  void chatRoom(String cid) {
    conversations.put(cid, new ConversationMembers(cid, true, List.of("alice"), true, false));
  }

  /** Membership look-ups of {@code cid} fail as when conversation-service cannot reach its store. */
  void brokenConversation(String cid) {
    broken.add(cid);
  }

  static StoredMessage text(String cid, String id, long ts, String data) {
    return StoredMessage.text(id, cid, "alice", ts, data, List.of(), false, null, READABLE_UNTIL);
  }

  /** An HTTP answer, read whole. */
  record Answer(int status, String contentType, Buffer body) {
    JsonArray array() {
      return body.toJsonArray();
    }

    JsonObject object() {
      return body.toJsonObject();
    }

    /** The {@code msg-id}s of a history answer, in order. */
    List<String> ids() {
      return array().stream().map(item -> ((JsonObject) item).getString("msg-id")).toList();
    }
  }

  static MultiMap masterKey() {
    return MultiMap.caseInsensitiveMultiMap().add("X-LC-Id", APP_ID).add("X-LC-Key", MASTER_KEY + ",master");
  }

  Future<Answer> get(String uri) {
    return get(uri, masterKey());
  }

  Future<Answer> get(String uri, MultiMap headers) {
    return request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setHeaders(headers));
  }

  /**
   * Sends on the client's own event loop: chained from a test thread, a fast answer could arrive before its body
   * handler is set, and the body would never complete.
   */
  Future<Answer> request(RequestOptions options) {
    Promise<Answer> answer = Promise.promise();
    // A lost answer fails its test with the request named rather than timing the whole test out.
    options.setTimeout(REQUEST_TIMEOUT_MILLIS);
    clientContext.runOnContext(v -> http.request(options)
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> new Answer(response.statusCode(),
        response.getHeader("Content-Type"), body)))
      .recover(failure -> Future.failedFuture(new AssertionError(options.getMethod() + " " + options.getURI()
        + " failed: " + failure, failure)))
      .onComplete(answer));
    return answer.future();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      block(http.close().eventually(mongo::close));
      block(vertx.close());
    } finally {
      stores.close();
    }
  }
}
