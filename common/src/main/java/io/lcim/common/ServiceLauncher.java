package io.lcim.common;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one service as its own process on the clustered event bus: joins the Hazelcast cluster, deploys the
 * service's verticles, and serves {@code /health} (liveness), {@code /readiness} and {@code /metrics} (Prometheus)
 * on IM_MANAGEMENT_PORT.
 */
public final class ServiceLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {
  }

  /** A running service process. */
  public record Running(Vertx vertx, HttpServer management) {
    public Future<Void> close() {
      return vertx.close();
    }
  }

  /**
   * @param service   the service name; readiness asks {@link Addresses#health(String)} of it, which the service's
   *                  verticle answers after checking its stores
   * @param config    the process configuration (environment)
   * @param verticles the verticles to deploy, in order
   */
  public static Future<Running> launch(String service, JsonObject config, List<Supplier<Deployable>> verticles) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions()
      .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return ClusterConfig.from(config).startVertx(options, new MicrometerMetricsFactory(registry))
      .compose(vertx -> deployAll(vertx, config, verticles)
        .compose(v -> startManagement(vertx, service, config, registry))
        .map(server -> new Running(vertx, server))
        .onFailure(e -> vertx.close()))
      .onSuccess(r -> LOG.info("{} joined the cluster; management on port {}", service, r.management().actualPort()));
  }

  /** {@code main()} body for a service jar: launch, exit non-zero on failure, close cleanly on SIGTERM. */
  public static void runMain(String service, List<Supplier<Deployable>> verticles) {
    JsonObject config = ConfigValues.fromEnvironment();
    launch(service, config, verticles).onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("{} failed to start", service, ar.cause());
        System.exit(1);
      }
      Running running = ar.result();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          running.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
          LOG.warn("{} did not stop cleanly", service, e);
        }
      }, service + "-shutdown"));
    });
  }

  private static Future<Void> deployAll(Vertx vertx, JsonObject config, List<Supplier<Deployable>> verticles) {
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Deployable> verticle : verticles) {
      chain = chain.compose(v -> vertx.deployVerticle(verticle.get(), new DeploymentOptions().setConfig(config.copy()))
        .mapEmpty());
    }
    return chain;
  }

  private static Future<HttpServer> startManagement(Vertx vertx, String service, JsonObject config,
                                                    PrometheusMeterRegistry registry) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    HealthEndpoints.mountForLocalService(vertx, router, service);
    return vertx.createHttpServer().requestHandler(router)
      .listen(ConfigValues.integer(config, "IM_MANAGEMENT_PORT", 9100),
        ConfigValues.string(config, "IM_MANAGEMENT_HOST", "0.0.0.0"));
  }
}
