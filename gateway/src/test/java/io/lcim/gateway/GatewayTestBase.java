package io.lcim.gateway;

import io.lcim.store.EmbeddedStores;
import io.lcim.common.PresenceRegistry;
import io.lcim.common.Stores;
import io.lcim.common.StoresConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts real Redis (embedded) once per class and a gateway on a free loopback port per test, on the fresh Vertx
 * that VertxExtension injects (and closes, undeploying the gateway, after each test).
 */
@ExtendWith(VertxExtension.class)
abstract class GatewayTestBase {

  static final String APP_ID = "test-app";
  static final String MASTER_KEY = "test-master-key";

  static EmbeddedStores stores;

  Vertx vertx;
  GatewayVerticle gateway;
  int port;
  Redis redis;
  PresenceRegistry presence;
  WebSocketClient webSockets;

  @BeforeAll
  static void startStores() {
    stores = EmbeddedStores.startInMemory();
  }

  @AfterAll
  static void stopStores() {
    stores.close();
  }

  @BeforeEach
  void deployGateway(Vertx vertx) {
    this.vertx = vertx;
    JsonObject config = baseConfig().mergeIn(configOverrides());
    gateway = new GatewayVerticle();
    await(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)));
    port = gateway.actualPort();
    redis = Stores.redis(vertx, StoresConfig.from(config));
    presence = new PresenceRegistry(redis, 60_000);
    webSockets = TestClient.newWebSocketClient(vertx);
  }

  /** Undeploys before VertxExtension closes Vert.x, so the gateway stops as in production (clients still open). */
  @AfterEach
  void undeployGateway() {
    if (gateway != null && gateway.deploymentID() != null && vertx.deploymentIDs().contains(gateway.deploymentID())) {
      await(vertx.undeploy(gateway.deploymentID()));
    }
  }

  /** Per-class changes to the gateway's environment. */
  JsonObject configOverrides() {
    return new JsonObject();
  }

  static JsonObject baseConfig() {
    return new JsonObject()
      .put("IM_HOST", "127.0.0.1")
      .put("IM_PORT", "0")
      .put("IM_APP_ID", APP_ID)
      .put("IM_MASTER_KEY", MASTER_KEY)
      .put("IM_SERVICE_TIMEOUT_MS", "2000")
      .put(StoresConfig.REDIS_URI, stores.redisUri())
      .put(StoresConfig.MONGO_URI, stores.mongoUri());
  }

  TestClient connect() {
    return TestClient.connect(webSockets, port);
  }

  /** A client already logged in as a fresh client id. */
  TestClient loggedIn(String clientId) {
    TestClient client = connect();
    client.open(APP_ID, clientId);
    return client;
  }

  /** Client ids are unique per test: every test class shares one Redis. */
  static String uniqueId(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Blocks the test thread (never an event loop) until the future completes. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }
}
