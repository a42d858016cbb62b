package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.HealthEndpoints;
import io.lcim.common.PresenceRegistry;
import io.lcim.common.Signatures;
import io.lcim.common.Stores;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client-facing node: accepts WebSockets on {@code /} (LeanCloud's subprotocols), keeps the sessions opened on
 * them and their presence in Redis, forwards commands to the services, and writes the pushes addressed to this node.
 * Also serves {@code GET /health} and {@code /readiness} ({@link HealthEndpoints}) and any routes mounted by the
 * embedding process.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** Upper bound of a graceful stop: a client that never completes the close handshake must not hold it up. */
  private static final long STOP_TIMEOUT_MILLIS = 3000;
  /** How long a stop waits for the frames a socket already sent to be answered. */
  private static final long DRAIN_TIMEOUT_MILLIS = 2000;
  private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
  private static final GenericCommand GOAWAY = GenericCommand.newBuilder().setCmd(CommandType.goaway).build();

  private final Consumer<Router> extraRoutes;
  private final String nodeId = UUID.randomUUID().toString();
  private GatewayConfig config;
  private Redis redis;
  private NodePresence presence;
  private CommandDispatcher dispatcher;
  private LocalSessions sessions;
  private ConnectionHost connections;
  private ClientChannel.Settings channelSettings;
  private TimeoutSweep sweep;
  private GatewayMeters meters;
  private MessageConsumer<Buffer> pushConsumer;
  private MessageConsumer<Object> controlConsumer;
  private MessageConsumer<Object> healthConsumer;
  private HealthChecks healthChecks;
  private HttpServer server;
  private long presenceRefreshTimer = -1;
  private long nodeHeartbeatTimer = -1;
  private boolean stopping;

  public GatewayVerticle() {
    this(router -> {
    });
  }

  /** @param extraRoutes mounts further routes (e.g. media upload in standalone mode) on the IM_PORT server */
  public GatewayVerticle(Consumer<Router> extraRoutes) {
    this.extraRoutes = extraRoutes;
  }

  /** This node's id: pushes for its sessions go to {@link Addresses#gatewayNode(String)} of it. */
  public String nodeId() {
    return nodeId;
  }

  /** The port actually listened on (useful with IM_PORT=0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> start() {
    config = GatewayConfig.from(config());
    if (config.usesDevMasterKey()) {
      LOG.warn("IM_MASTER_KEY is the development default: session tokens can be forged. Set it in production.");
    }
    if (!config.loginSignature()) {
      LOG.warn("IM_LOGIN_SIGNATURE is off: anyone with the app key can log in as any client id. "
        + "Turn it on once the app's server signs logins (README, Signatures).");
    }
    redis = Stores.redis(vertx, config.stores());
    sessions = new LocalSessions();
    PresenceRegistry registry = new PresenceRegistry(redis, config.presenceTtlMillis(), config.nodeTtlMillis());
    presence = new NodePresence(nodeId, sessions, registry);
    SessionTokens tokens = new SessionTokens(config.masterKey(), config.appId(), config.sessionTokenTtlSeconds());
    SessionConflicts conflicts = new SessionConflicts(presence, vertx.eventBus(),
      new TagOwners(redis, config.sessionTokenTtlSeconds() * 1000L));
    dispatcher = new CommandDispatcher(new SessionCommands(config, tokens, new Signatures(config.credentials(), redis),
      presence, conflicts,
      new UnreadPush(vertx.eventBus(), config.serviceTimeoutMillis()),
      new MissedPatchPush(vertx.eventBus(), config.serviceTimeoutMillis())),
      new ServiceForwarder(vertx.eventBus(), config.appId(), nodeId, config.serviceTimeoutMillis()));
    connections = new ConnectionHost(dispatcher, presence);
    channelSettings = new ClientChannel.Settings((ContextInternal) context, config.maxFrameBytes());
    sweep = new TimeoutSweep(vertx, sessions, config);
    sweep.start();
    meters = GatewayMeters.register(nodeId, sessions);
    PushDelivery pushes = new PushDelivery(sessions);
    pushConsumer = vertx.eventBus().consumer(Addresses.gatewayNode(nodeId), pushes::deliver);
    controlConsumer = vertx.eventBus().consumer(Addresses.gatewayControl(nodeId), conflicts::handle);
    presenceRefreshTimer = vertx.setPeriodic(Math.max(1, config.presenceTtlMillis() / 3), id -> presence.refresh()
      .onFailure(e -> LOG.warn("Presence refresh failed; entries lapse if Redis stays away", e)));
    nodeHeartbeatTimer = vertx.setPeriodic(Math.max(1, config.nodeTtlMillis() / 3), id -> registry.heartbeat(nodeId)
      .onFailure(e -> LOG.warn("Node heartbeat failed; this node's clients look offline if Redis stays away", e)));
    healthChecks = GatewayHealth.checks(vertx, redis);
    healthConsumer = HealthEndpoints.answerLocally(vertx, Addresses.GATEWAY, healthChecks);
    // Without Redis the gateway still starts and reports itself unhealthy; it beats again once Redis is back.
    return registry.heartbeat(nodeId).otherwiseEmpty()
      .compose(v -> pushConsumer.completion())
      .compose(v -> controlConsumer.completion())
      .compose(v -> healthConsumer.completion())
      .compose(v -> startHttpServer())
      .onSuccess(s -> LOG.info("Gateway node {} listening on {}:{} for app {}", nodeId, config.host(),
        s.actualPort(), config.appId()))
      // Vert.x does not call stop() after a failed start: release Redis and the timer here.
      .recover(failure -> stop().transform(stopped -> Future.failedFuture(failure)));
  }

  private Future<HttpServer> startHttpServer() {
    Router router = Router.router(vertx);
    HealthEndpoints.mount(router, healthChecks);
    extraRoutes.accept(router);
    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.host())
      .setPort(config.port())
      .setWebSocketSubProtocols(WireProtocol.subProtocols())
      .setMaxWebSocketFrameSize(config.maxFrameBytes())
      .setMaxWebSocketMessageSize(config.maxFrameBytes())
      // Browsers and Node's ws offer permessage-deflate; accepting it costs every socket a zlib deflater and
      // inflater (about 2.5 KiB of heap and some 300 KiB of native memory each) for frames of a few hundred bytes.
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false);
    server = vertx.createHttpServer(options)
      .requestHandler(router)
      .webSocketHandshakeHandler(this::handshake)
      .webSocketHandler(this::connected);
    return server.listen();
  }

  /** Rejects what we cannot serve before the upgrade, so clients get a clear HTTP status instead of a dead socket. */
  private void handshake(ServerWebSocketHandshake handshake) {
    if (stopping) {
      handshake.reject(503);
    } else if (!"/".equals(handshake.path())) {
      handshake.reject(404);
    } else if (requestedProtocol(handshake.headers().getAll(SEC_WEBSOCKET_PROTOCOL),
      handshake.query()).isEmpty()) {
      handshake.reject(400);
    } else {
      handshake.accept();
    }
  }

  private void connected(ServerWebSocket socket) {
    // Vert.x echoed the header choice; the WeChat form names the protocol in the query and gets no header back.
    WireProtocol protocol = Optional.ofNullable(socket.subProtocol()).flatMap(WireProtocol::bySubProtocol)
      .or(() -> requestedProtocol(List.of(), socket.query()))
      .orElse(WireProtocol.DEFAULT);
    ClientConnection connection = new ClientConnection(protocol, connections);
    connection.start(socket, channelSettings);
    sessions.addConnection(connection);
  }

  /** Frame handling and clean-up shared by every socket of this node. */
  private record ConnectionHost(CommandDispatcher frames, NodePresence presence) implements ClientConnection.Host {

    @Override
    public void closed(ClientConnection connection) {
      presence.connectionClosed(connection);
    }
  }

  private static Optional<WireProtocol> requestedProtocol(List<String> protocolHeaders, String query) {
    return WireProtocol.negotiate(protocolHeaders.isEmpty() ? null : String.join(",", protocolHeaders), query);
  }

  /**
   * Drains: stops taking new frames, lets the frames already received finish (so a message being sent still gets
   * its ack), then tells every client to reconnect ({@code goaway}, which the SDK follows with a reconnect and
   * {@code r: true} logins elsewhere or after the restart), closes the sockets and removes our presence.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    if (sweep != null) {
      sweep.stop();
    }
    if (meters != null) {
      meters.close();
    }
    vertx.cancelTimer(presenceRefreshTimer);
    vertx.cancelTimer(nodeHeartbeatTimer);
    List<Future<?>> drained = new ArrayList<>();
    drained.add(presence.unregisterEverything()
      .onFailure(e -> LOG.warn("Could not remove presence of node {}; it lapses after the TTL", nodeId, e)));
    drained.add(pushConsumer.unregister());
    if (controlConsumer != null) {
      drained.add(controlConsumer.unregister());
    }
    if (healthConsumer != null) {
      drained.add(healthConsumer.unregister());
    }
    for (ClientConnection connection : sessions.connections()) {
      drained.add(connection.drain()
        .timeout(DRAIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .transform(done -> connection.write(GOAWAY))
        .compose(v -> connection.close()));
    }
    // The server is closed only after the sockets, so that no goaway is cut off by a hard connection close.
    return Future.join(drained)
      .timeout(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
      .transform(ar -> server == null ? Future.succeededFuture() : server.close())
      .transform(ar -> redis.close())
      .recover(e -> Future.succeededFuture());
  }
}
