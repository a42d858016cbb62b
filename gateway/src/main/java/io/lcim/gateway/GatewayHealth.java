package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.redis.client.Redis;

/**
 * {@code GET /health}: UP (200) only when Redis answers and both services answer their health address; otherwise
 * DOWN (503) with the failing checks named. The same checks answer {@code Addresses.health("gateway")} on this node
 * only (a local consumer), for the management port of a clustered gateway.
 */
final class GatewayHealth {

  static final long CHECK_TIMEOUT_MILLIS = 2000;
  static final String CONVERSATION_SERVICE = Addresses.CONVERSATION_SERVICE;
  static final String MESSAGE_SERVICE = Addresses.MESSAGE_SERVICE;
  static final String GATEWAY = Addresses.GATEWAY;

  private GatewayHealth() {
  }

  static HealthCheckHandler handler(HealthChecks checks) {
    return HealthCheckHandler.createWithHealthChecks(checks);
  }

  /** Replies {"status":"UP"} or fails, like the services' health addresses. */
  static MessageConsumer<Object> registerLocalConsumer(Vertx vertx, HealthChecks checks) {
    return vertx.eventBus().localConsumer(Addresses.health(GATEWAY), message -> checks.checkStatus()
      .onComplete(ar -> {
        if (ar.succeeded() && ar.result().getUp()) {
          message.reply(new JsonObject().put("status", "UP"));
        } else {
          message.fail(503, ar.succeeded() ? ar.result().toJson().encode() : String.valueOf(ar.cause()));
        }
      }));
  }

  static HealthChecks checks(Vertx vertx, Redis redis) {
    HealthChecks handler = HealthChecks.create(vertx);
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
