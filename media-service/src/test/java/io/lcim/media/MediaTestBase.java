package io.lcim.media;

import io.lcim.store.EmbeddedStores;
import io.lcim.common.StoresConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A media service on its own HTTP server (MediaVerticle on 127.0.0.1, a free port) over embedded stores, and a
 * client that speaks to it as the storage SDK does.
 */
@ExtendWith(VertxExtension.class)
abstract class MediaTestBase {

  static final String APP_ID = "media-test-app";
  static final String APP_KEY = "media-test-app-key";
  static final String MASTER_KEY = "media-test-master-key";
  static final long MAX_UPLOAD_BYTES = 1024 * 1024;

  static EmbeddedStores stores;
  static Vertx serverVertx;
  static MongoClient mongo;
  static WebClient http;
  static int port;

  /** Starts stores and server; blocking, for @BeforeAll. */
  static void startServer(JsonObject overrides) throws Exception {
    stores = EmbeddedStores.startInMemory();
    startServer(stores.mongoUri(), overrides);
  }

  static void startServer(String mongoUri, JsonObject overrides) throws Exception {
    serverVertx = Vertx.vertx();
    JsonObject config = new JsonObject()
      .put(StoresConfig.MONGO_URI, mongoUri)
      .put(StoresConfig.MONGO_DB, "media_test")
      .put("IM_APP_ID", APP_ID)
      .put("IM_APP_KEY", APP_KEY)
      .put("IM_MASTER_KEY", MASTER_KEY)
      .put(MediaConfig.HOST, "127.0.0.1")
      .put(MediaConfig.PORT, "0")
      .put(MediaConfig.MAX_UPLOAD_BYTES, String.valueOf(MAX_UPLOAD_BYTES))
      .mergeIn(overrides);
    MediaVerticle verticle = new MediaVerticle();
    await(serverVertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    port = verticle.actualPort();
    mongo = MongoClient.create(serverVertx, MediaConfig.from(config).stores().mongoClientConfig());
    http = WebClient.create(serverVertx);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (serverVertx != null) {
      await(serverVertx.close());
      serverVertx = null;
    }
    if (stores != null) {
      stores.close();
      stores = null;
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Completes the test when the flow succeeds; an assertion failing inside it fails the test with its message. */
  static void expect(VertxTestContext test, Supplier<Future<?>> flow) {
    Future<?> started;
    try {
      started = flow.get();
    } catch (Throwable e) {
      test.failNow(e);
      return;
    }
    started.onComplete(test.succeedingThenComplete());
  }

  // ---- requests as the SDK sends them

  static <T> HttpRequest<T> withAppKey(HttpRequest<T> request) {
    return request.putHeader("X-LC-Id", APP_ID).putHeader("X-LC-Key", APP_KEY);
  }

  static <T> HttpRequest<T> withMasterKey(HttpRequest<T> request) {
    return request.putHeader("X-LC-Id", APP_ID).putHeader("X-LC-Key", MASTER_KEY + ",master");
  }

  /** X-LC-Sign: md5(timestamp + appKey),timestamp — the storage SDK's default. */
  static <T> HttpRequest<T> signed(HttpRequest<T> request) {
    String ts = Long.toString(System.currentTimeMillis());
    return request.putHeader("X-LC-Id", APP_ID).putHeader("X-LC-Sign", md5Hex(ts + APP_KEY) + "," + ts);
  }

  static HttpRequest<Buffer> post(String path) {
    return http.post(port, "127.0.0.1", path).putHeader("Content-Type", "application/json;charset=UTF-8");
  }

  /** Step 1: POST /1.1/fileTokens; asserts 200 and returns the answer. */
  static Future<JsonObject> fileToken(String name) {
    return fileToken(new JsonObject().put("name", name).put("metaData", new JsonObject().put("owner", "unknown")));
  }

  static Future<JsonObject> fileToken(JsonObject body) {
    return signed(post("/1.1/fileTokens")).sendJsonObject(body).map(response -> {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      return response.bodyAsJsonObject();
    });
  }

  /** Step 2: the raw PUT of the s3 provider. */
  static Future<HttpResponse<Buffer>> put(JsonObject token, Buffer bytes) {
    return http.putAbs(token.getString("upload_url"))
      .putHeader("Content-Type", token.getString("mime_type"))
      .putHeader("Cache-Control", "public, max-age=31536000")
      .sendBuffer(bytes);
  }

  /** Step 3. */
  static Future<HttpResponse<Buffer>> callback(JsonObject token, boolean result) {
    return signed(post("/1.1/fileCallback"))
      .sendJsonObject(new JsonObject().put("token", token.getString("token")).put("result", result));
  }

  /** All three steps, asserting each; the fileTokens answer. */
  static Future<JsonObject> upload(String name, Buffer bytes) {
    return fileToken(name).compose(token -> put(token, bytes).compose(response -> {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      return callback(token, true);
    }).map(response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      return token;
    }));
  }

  static Future<HttpResponse<Buffer>> get(String url) {
    return http.getAbs(url).send();
  }

  // ---- what the store holds

  static Future<Long> count(String collection) {
    return mongo.count(collection, new JsonObject());
  }

  static Future<JsonObject> record(String objectId) {
    return mongo.findOne(FileRecords.COLLECTION, new JsonObject().put("_id", objectId), null);
  }

  /** Polls until the condition holds (async clean-up after a failed upload), failing after a few seconds. */
  static Future<Void> eventually(Supplier<Future<Boolean>> condition) {
    Promise<Void> promise = Promise.promise();
    poll(condition, promise, 100);
    return promise.future();
  }

  private static void poll(Supplier<Future<Boolean>> condition, Promise<Void> promise, int triesLeft) {
    condition.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        promise.complete();
      } else if (triesLeft == 0) {
        promise.fail(new AssertionError("condition never held", ar.cause()));
      } else {
        serverVertx.setTimer(50, id -> poll(condition, promise, triesLeft - 1));
      }
    });
  }

  // ---- data

  static Buffer randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  static String md5Hex(String text) {
    return md5Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static String md5Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
