package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.redis.client.Redis;

/**
 * {@code GET /health}: UP (200) only when Redis answers and both services answer their health address; otherwise
 * DOWN (503) with the failing checks named.
 */
final class GatewayHealth {

  static final long CHECK_TIMEOUT_MILLIS = 2000;
  static final String CONVERSATION_SERVICE = "conversation";
  static final String MESSAGE_SERVICE = "message";

  private GatewayHealth() {
  }

  static HealthCheckHandler handler(Vertx vertx, Redis redis) {
    HealthCheckHandler handler = HealthCheckHandler.create(vertx);
    handler.register("redis", CHECK_TIMEOUT_MILLIS, promise -> Stores.pingRedis(redis)
      .onComplete(ar -> promise.complete(ar.succeeded() ? Status.OK() : down(ar.cause()))));
    for (String service : new String[]{CONVERSATION_SERVICE, MESSAGE_SERVICE}) {
      handler.register(service + "-service", CHECK_TIMEOUT_MILLIS, promise -> vertx.eventBus()
        .request(Addresses.health(service), null, new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MILLIS))
        .onComplete(ar -> promise.complete(ar.succeeded() && isUp(ar.result().body())
          ? Status.OK()
          : down(ar.failed() ? ar.cause() : new IllegalStateException("reported " + ar.result().body())))));
    }
    return handler;
  }

  /** Services reply {"status":"UP"}; any other JSON is taken as their own report of being down. */
  private static boolean isUp(Object body) {
    return !(body instanceof JsonObject json) || "UP".equals(json.getString("status"));
  }

  private static Status down(Throwable cause) {
    return Status.KO(new JsonObject().put("cause", String.valueOf(cause.getMessage())));
  }
}
