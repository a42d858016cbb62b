package io.lcim.media;

import io.lcim.common.Addresses;
import io.lcim.common.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media service on its own HTTP server (IM_MEDIA_HOST:IM_MEDIA_PORT), for clustered deployments: every
 * {@link MediaService#router()} route plus {@code GET /health} (UP while MongoDB answers). Also answers
 * {@link Addresses#health(String)} of {@link Addresses#MEDIA_SERVICE} on the event bus, like the other services.
 */
public class MediaVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);
  private static final long HEALTH_TIMEOUT_MILLIS = 2000;

  private MediaService service;
  private HttpServer server;

  /** The port actually listened on (useful with IM_MEDIA_PORT=0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    MediaConfig config = MediaConfig.from(config());
    if (config.credentials().usesDevelopmentKeys()) {
      LOG.warn("IM_APP_KEY / IM_MASTER_KEY are the development defaults: anyone can upload. Set them in production.");
    }
    return MediaService.create(vertx, config).compose(created -> {
      service = created;
      Router router = Router.router(vertx);
      router.get("/health").handler(health());
      router.route("/*").subRouter(service.router());
      server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router);
      MessageConsumer<Object> healthConsumer = vertx.eventBus()
        .consumer(Addresses.health(Addresses.MEDIA_SERVICE), this::health);
      return healthConsumer.completion().compose(v -> server.listen());
    }).onSuccess(s -> LOG.info("Media service listening on {}:{}", config.host(), s.actualPort()));
  }

  private HealthCheckHandler health() {
    HealthCheckHandler handler = HealthCheckHandler.create(vertx);
    handler.register("mongo", HEALTH_TIMEOUT_MILLIS, promise -> service.ping().onComplete(ar -> promise.complete(
      ar.succeeded() ? Status.OK() : Status.KO(new JsonObject().put("cause", String.valueOf(ar.cause()))))));
    return handler;
  }

  /** The event-bus health check: UP once MongoDB answers. */
  private void health(Message<Object> message) {
    service.ping().onComplete(v -> message.reply(new JsonObject().put("status", "UP")),
      failure -> message.fail(ErrorCode.INTERNAL_ERROR.code(), "MongoDB is down: " + failure.getMessage()));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.transform(ar -> service == null ? Future.succeededFuture() : service.close());
  }
}
