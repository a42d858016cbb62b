package io.lcim.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.function.Supplier;

/**
 * The one home of health and readiness, for every service and both deployment modes.
 *
 * <ul>
 *   <li>{@code GET /health} is liveness: 200 whenever this process still serves HTTP. It never looks at the stores:
 *   a Redis or MongoDB outage must take pods out of rotation (readiness), not restart every one of them and drop
 *   every socket.</li>
 *   <li>{@code GET /readiness} runs the service's checks (its stores, the services it needs): 200 UP or 503 DOWN
 *   with the failing checks named (Vert.x {@link HealthCheckHandler} JSON). Kubernetes' startup and readiness
 *   probes use it.</li>
 *   <li>{@link Addresses#health(String)} answers the same checks over the event bus: {@code {"status":"UP"}}, or a
 *   failure with code 503 and the report as JSON, so that other nodes (the gateway) and a process's management
 *   port can ask a service whether it is ready.</li>
 * </ul>
 */
public final class HealthEndpoints {

  public static final String LIVENESS_PATH = "/health";
  public static final String READINESS_PATH = "/readiness";
  /** How long one check (a store ping, a service's answer) may take before it counts as down. */
  public static final long CHECK_TIMEOUT_MILLIS = 2_000;
  /** The failure code of a not-ready answer on the event bus (an HTTP status, as the REST face says it). */
  public static final int NOT_READY = 503;

  private HealthEndpoints() {
  }

  /** Empty readiness checks of this service; add to them with {@link #register}. */
  public static HealthChecks checks(Vertx vertx) {
    return HealthChecks.create(vertx);
  }

  /** Adds a check named {@code name} that is up when {@code probe}'s future succeeds within the timeout. */
  public static HealthChecks register(HealthChecks checks, String name, Supplier<Future<?>> probe) {
    return checks.register(name, CHECK_TIMEOUT_MILLIS, promise -> probe.get().onComplete(ar -> promise.complete(
      ar.succeeded() ? Status.OK() : down(ar.cause()))));
  }

  /** Adds a check that asks another service's {@link Addresses#health(String)} on the event bus. */
  public static HealthChecks requireService(Vertx vertx, HealthChecks checks, String service) {
    return register(checks, service + "-service", () -> vertx.eventBus()
      .request(Addresses.health(service), null, new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MILLIS)));
  }

  /** Mounts {@code /health} (liveness) and {@code /readiness} (the checks) on {@code router}. */
  public static void mount(Router router, HealthChecks readiness) {
    router.get(LIVENESS_PATH).handler(HealthEndpoints::liveness);
    router.get(READINESS_PATH).handler(HealthCheckHandler.createWithHealthChecks(readiness));
  }

  /** Mounts {@code /health} and a {@code /readiness} that asks this process's own answer to {@code service}. */
  public static void mountForLocalService(Vertx vertx, Router router, String service) {
    HealthChecks local = checks(vertx);
    register(local, service, () -> vertx.eventBus().request(Addresses.health(service), null,
      // this process's own verticle, not any node's that registered the address
      new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MILLIS).setLocalOnly(true)));
    mount(router, local);
  }

  /** Answers {@link Addresses#health(String)} of {@code service} from {@code checks}, for the whole cluster. */
  public static MessageConsumer<Object> answer(Vertx vertx, String service, HealthChecks checks) {
    return vertx.eventBus().consumer(Addresses.health(service), message -> reply(message, checks));
  }

  /** Like {@link #answer} but only for this node (a gateway: every node registers the same address). */
  public static MessageConsumer<Object> answerLocally(Vertx vertx, String service, HealthChecks checks) {
    return vertx.eventBus().localConsumer(Addresses.health(service), message -> reply(message, checks));
  }

  private static void reply(Message<Object> message, HealthChecks checks) {
    checks.checkStatus().onComplete(ar -> {
      if (ar.succeeded() && ar.result().getUp()) {
        message.reply(new JsonObject().put("status", "UP"));
      } else {
        message.fail(NOT_READY, ar.succeeded() ? ar.result().toJson().encode() : String.valueOf(ar.cause()));
      }
    });
  }

  private static void liveness(RoutingContext ctx) {
    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store").end(new JsonObject().put("status", "UP").encode());
  }

  private static Status down(Throwable cause) {
    return Status.KO(new JsonObject().put("cause", String.valueOf(cause.getMessage())));
  }
}
