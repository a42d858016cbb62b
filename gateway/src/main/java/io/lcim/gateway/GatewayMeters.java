package io.lcim.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.List;

/**
 * The node's own gauges of client sockets and sessions, in the process's Micrometer registry when Vert.x metrics are
 * on (the clustered services expose it on {@code /metrics}). Needed because Vert.x's HTTP server metrics count a
 * client socket in at the handshake but, once the gateway has taken the socket over ({@link ClientChannel}), never
 * out again.
 */
final class GatewayMeters {

  static final String CONNECTIONS = "lcim.gateway.connections";
  static final String SESSIONS = "lcim.gateway.sessions";

  private final MeterRegistry registry;
  private final List<Meter> meters;

  private GatewayMeters(MeterRegistry registry, List<Meter> meters) {
    this.registry = registry;
    this.meters = meters;
  }

  /** Registers the gauges of {@code sessions}, tagged with the node id; nothing when metrics are off. */
  static GatewayMeters register(String nodeId, LocalSessions sessions) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return new GatewayMeters(null, List.of());
    }
    return new GatewayMeters(registry, List.of(
      Gauge.builder(CONNECTIONS, sessions, LocalSessions::connectionCount).tag("node", nodeId)
        .description("Client WebSockets open on this gateway node").register(registry),
      Gauge.builder(SESSIONS, sessions, LocalSessions::sessionCount).tag("node", nodeId)
        .description("Client sessions (logged-in client ids per socket) on this gateway node").register(registry)));
  }

  void close() {
    for (Meter meter : meters) {
      registry.remove(meter);
    }
  }
}
