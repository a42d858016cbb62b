package io.lcim.standalone;

import io.lcim.common.AppCredentials;
import io.lcim.common.ConfigValues;
import io.lcim.store.EmbeddedStores;
import io.lcim.common.StoresConfig;
import io.lcim.conversation.ConversationVerticle;
import io.lcim.gateway.GatewayConfig;
import io.lcim.gateway.GatewayVerticle;
import io.lcim.media.MediaConfig;
import io.lcim.media.MediaService;
import io.lcim.message.MessageVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every service in one JVM on a local (non-clustered) event bus. The services talk exactly as they do when
 * clustered: over the event bus with cluster-safe payloads. Stores are embedded unless MONGO_URI / REDIS_URI are set.
 */
public final class StandaloneServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StandaloneServer.class);
  private static final long START_TIMEOUT_SECONDS = 60;
  /** Where the embedded MongoDB-wire store keeps its file. */
  static final String DATA_DIR = "IM_DATA_DIR";
  static final String LOOPBACK = "127.0.0.1";

  private final Vertx vertx;
  private final EmbeddedStores embedded;
  private final String host;
  private final int port;
  private final String gatewayDeployment;
  private final MediaService media;

  private StandaloneServer(Vertx vertx, EmbeddedStores embedded, String host, int port, String gatewayDeployment,
                           MediaService media) {
    this.vertx = vertx;
    this.host = host;
    this.embedded = embedded;
    this.port = port;
    this.gatewayDeployment = gatewayDeployment;
    this.media = media;
  }

  /** Starts everything and returns once the WebSocket port is listening. Blocking: call from a plain thread. */
  public static StandaloneServer start(Map<String, String> env) {
    JsonObject config = ConfigValues.fromMap(env);
    AppCredentials credentials = AppCredentials.from(config);
    boolean loopbackOnly = credentials.usesDevelopmentKeys() && ConfigValues.string(config, "IM_HOST", null) == null;
    if (loopbackOnly) {
      // The development keys are published: a server using them is for this machine only unless asked otherwise.
      config.put("IM_HOST", LOOPBACK);
    }
    EmbeddedStores embedded = startEmbeddedStoresIfNeeded(config);
    Vertx vertx = Vertx.vertx(new VertxOptions());
    try {
      GatewayConfig gateway = GatewayConfig.from(config);
      MessageVerticle messages = new MessageVerticle();
      MediaService media = await(MediaService.create(vertx, MediaConfig.from(config)));
      // One port serves the WebSocket, the storage SDK's file routes and the REST history API.
      GatewayVerticle gatewayVerticle = new GatewayVerticle(router -> {
        router.route("/*").subRouter(messages.httpRouter());
        router.route("/*").subRouter(media.router());
      });
      String gatewayDeployment = await(deploy(vertx, new ConversationVerticle(), config)
        .compose(id -> deploy(vertx, messages, config))
        .compose(id -> deploy(vertx, gatewayVerticle, config)));
      int port = gatewayVerticle.actualPort();
      LOG.info("lcim standalone listening on ws://{}:{}/ (appId {}, master key {})", gateway.host(), port,
        gateway.appId(), credentials.masterKeyFingerprint());
      if (credentials.usesDevelopmentKeys()) {
        LOG.warn("Development credentials in use (appId={}, appKey={}; the master key is the published default)."
          + " Set IM_APP_ID, IM_APP_KEY and IM_MASTER_KEY for anything but a local trial{}.", credentials.appId(),
          credentials.appKey(), loopbackOnly
            ? "; until then the server binds " + LOOPBACK + " only (set IM_HOST to override)" : "");
      }
      return new StandaloneServer(vertx, embedded, gateway.host(), port, gatewayDeployment, media);
    } catch (RuntimeException e) {
      closeQuietly(vertx, embedded);
      throw e;
    }
  }

  private static EmbeddedStores startEmbeddedStoresIfNeeded(JsonObject config) {
    boolean needMongo = ConfigValues.string(config, StoresConfig.MONGO_URI, null) == null;
    boolean needRedis = ConfigValues.string(config, StoresConfig.REDIS_URI, null) == null;
    if (!needMongo && !needRedis) {
      return null;
    }
    Path dataDir = Path.of(ConfigValues.string(config, DATA_DIR, "data"));
    EmbeddedStores stores = EmbeddedStores.start(dataDir, needMongo, needRedis);
    if (needMongo) {
      config.put(StoresConfig.MONGO_URI, stores.mongoUri());
    }
    if (needRedis) {
      config.put(StoresConfig.REDIS_URI, stores.redisUri());
    }
    return stores;
  }

  private static Future<String> deploy(Vertx vertx, io.vertx.core.Deployable verticle, JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.copy()));
  }

  /** The address the gateway is bound to. */
  public String host() {
    return host;
  }

  /** The port the gateway listens on (the one picked when {@code IM_PORT} is 0). */
  public int port() {
    return port;
  }

  /**
   * Stops the gateway first (it answers the frames it accepted, then tells clients to reconnect) while the services
   * and stores still run, then the services, then the embedded stores (flushing their files).
   */
  @Override
  public void close() {
    try {
      await(vertx.undeploy(gatewayDeployment));
    } catch (RuntimeException e) {
      LOG.warn("The gateway did not stop cleanly", e);
    }
    try {
      await(media.close());
    } catch (RuntimeException e) {
      LOG.warn("media-service did not stop cleanly", e);
    }
    closeQuietly(vertx, embedded);
  }

  private static void closeQuietly(Vertx vertx, EmbeddedStores embedded) {
    try {
      await(vertx.close());
    } catch (RuntimeException e) {
      LOG.warn("Vert.x did not close cleanly", e);
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("start-up failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("start-up timed out", e);
    }
  }
}
