package io.lcim.media;

import io.lcim.common.Addresses;
import io.lcim.common.HealthEndpoints;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media service on its own HTTP server (IM_MEDIA_HOST:IM_MEDIA_PORT), for clustered deployments: every
 * {@link MediaService#router()} route plus {@code /health} and {@code /readiness} (ready while MongoDB answers), also
 * answered on the event bus as {@link Addresses#health(String)} of {@link Addresses#MEDIA_SERVICE}.
 */
public class MediaVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);

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
      HealthChecks readiness = HealthEndpoints.register(HealthEndpoints.checks(vertx), "mongo", service::ping);
      HealthEndpoints.mount(router, readiness);
      router.route("/*").subRouter(service.router());
      server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router);
      MessageConsumer<Object> healthConsumer = HealthEndpoints.answer(vertx, Addresses.MEDIA_SERVICE, readiness);
      return healthConsumer.completion().compose(v -> server.listen());
    }).onSuccess(s -> LOG.info("Media service listening on {}:{}", config.host(), s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.transform(ar -> service == null ? Future.succeededFuture() : service.close());
  }
}
