package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.HealthEndpoints;
import io.lcim.common.PresenceRegistry;
import io.lcim.common.PushDispatcher;
import io.lcim.common.Stores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;

/**
 * The message service: persists messages and history in MongoDB, fans them out through the gateways, and answers
 * {@code direct}, {@code logs}, {@code patch}, receiver {@code ack} and {@code read} on
 * {@link Addresses#MESSAGE_COMMAND}. Also
 * the HTTP history API ({@link #httpRouter()}), on its own server when {@code IM_HTTP_PORT} is set.
 */
public class MessageVerticle extends VerticleBase {

  public static final String SERVICE_NAME = Addresses.MESSAGE_SERVICE;

  // This service only reads presence; the TTL only matters to the gateways that write it.
  private static final long PRESENCE_TTL_MILLIS = 60_000;

  private MongoClient mongo;
  private Redis redis;
  private Router httpRouter;

  /**
   * The HTTP history routes ({@code /1.2/rtm/conversations/:cid/messages}, {@code /1.2/rtm/messages}), with
   * absolute paths, to mount on another server (the gateway's in standalone mode). Set once started.
   */
  public Router httpRouter() {
    return httpRouter;
  }

  @Override
  public Future<?> start() {
    MessageConfig config = MessageConfig.from(config());
    mongo = Stores.mongo(vertx, config.stores());
    redis = Stores.redis(vertx, config.stores());
    MessageStore store = new MessageStore(mongo);
    MembershipLookup membership = new MembershipLookup(vertx.eventBus());
    PushDispatcher pushes = new PushDispatcher(vertx.eventBus(), new PresenceRegistry(redis, PRESENCE_TTL_MILLIS));
    MemberStateStore memberStates = new MemberStateStore(mongo);
    DuplicateSends duplicates = new DuplicateSends(mongo);
    MessageCommandHandler commands = new MessageCommandHandler(
      new DirectCommandHandler(config, store, membership, pushes, vertx.eventBus(), memberStates, duplicates),
      new LogsCommandHandler(config, store, membership, memberStates),
      new ReceiverStateHandler(memberStates, membership, store, pushes),
      new PatchCommandHandler(config, store, membership, pushes, vertx.eventBus()));
    ReceiptTimestampsEndpoint receiptTimestamps = new ReceiptTimestampsEndpoint(memberStates);
    UnreadEndpoints unread = new UnreadEndpoints(new UnreadCounts(mongo, memberStates), memberStates);
    MissedPatches missedPatches = new MissedPatches(mongo, memberStates);
    AppWideHistory appHistory = new AppWideHistory(mongo);
    // The routes may be mounted on another verticle's server (standalone): they must not share the cache.
    httpRouter = MessageHttpApi.router(vertx, config, store, appHistory, MembershipLookup.uncached(vertx.eventBus()));
    return membership.register().compose(v -> store.ensureIndexes()).compose(v -> appHistory.ensureIndex())
      .compose(v -> memberStates.ensureIndexes()).compose(v -> duplicates.ensureIndexes())
      .compose(v -> unread.register(vertx.eventBus()))
      .compose(v -> missedPatches.register(vertx.eventBus()))
      .compose(v -> receiptTimestamps.register(vertx.eventBus()))
      .compose(v -> answerCommandsAndHealth(commands))
      .compose(v -> serveHttp(config))
      .recover(failure -> stop().transform(closed -> Future.failedFuture(failure))); // stop() is not called then
  }

  private Future<?> answerCommandsAndHealth(MessageCommandHandler commands) {
    MessageConsumer<Buffer> commandConsumer = vertx.eventBus().consumer(Addresses.MESSAGE_COMMAND, commands::handle);
    // Sending needs MongoDB (persist) and Redis (presence for the fan-out).
    HealthChecks readiness = HealthEndpoints.register(HealthEndpoints.checks(vertx), "mongo",
      () -> Stores.pingMongo(mongo));
    HealthEndpoints.register(readiness, "redis", () -> Stores.pingRedis(redis));
    MessageConsumer<Object> healthConsumer = HealthEndpoints.answer(vertx, SERVICE_NAME, readiness);
    return Future.all(commandConsumer.completion(), healthConsumer.completion());
  }

  /** The history API on the service's own server, if configured; the undeployment closes it. */
  private Future<?> serveHttp(MessageConfig config) {
    if (config.httpPort() == 0) {
      return Future.succeededFuture();
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort()))
      .requestHandler(httpRouter)
      .listen();
  }

  @Override
  public Future<?> stop() {
    // Consumers are unregistered by the undeployment itself.
    return Future.join(mongo == null ? Future.succeededFuture() : mongo.close(),
      redis == null ? Future.succeededFuture() : redis.close());
  }
}
