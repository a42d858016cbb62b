package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.HealthEndpoints;
import io.lcim.common.Stores;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.redis.client.Redis;

/**
 * The gateway's readiness ({@link HealthEndpoints}): Redis answers (presence) and both services it forwards to
 * answer their health address. Liveness does not look at any of them.
 */
final class GatewayHealth {

  private GatewayHealth() {
  }

  static HealthChecks checks(Vertx vertx, Redis redis) {
    HealthChecks checks = HealthEndpoints.register(HealthEndpoints.checks(vertx), "redis",
      () -> Stores.pingRedis(redis));
    HealthEndpoints.requireService(vertx, checks, Addresses.CONVERSATION_SERVICE);
    return HealthEndpoints.requireService(vertx, checks, Addresses.MESSAGE_SERVICE);
  }
}
