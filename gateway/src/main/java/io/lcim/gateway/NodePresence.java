package io.lcim.gateway;

import io.lcim.common.PresenceRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps this node's local sessions and its entries in the shared {@link PresenceRegistry} in step: a client id is
 * registered while it has at least one session here, and unregistered when its last one ends.
 */
final class NodePresence {

  private static final Logger LOG = LoggerFactory.getLogger(NodePresence.class);
  /** Redis batch size of a refresh, so that many thousand clients do not become one huge pipeline. */
  private static final int REFRESH_CHUNK = 500;

  private final String nodeId;
  private final LocalSessions sessions;
  private final PresenceRegistry registry;
  private boolean stopping;

  NodePresence(String nodeId, LocalSessions sessions, PresenceRegistry registry) {
    this.nodeId = nodeId;
    this.sessions = sessions;
    this.registry = registry;
  }

  String nodeId() {
    return nodeId;
  }

  LocalSessions sessions() {
    return sessions;
  }

  PresenceRegistry registry() {
    return registry;
  }

  /** Adds the session locally, then registers its client id; completes once Redis has it. */
  Future<Void> open(ClientSession session) {
    sessions.addSession(session);
    return registry.register(nodeId, List.of(session.clientId())).compose(v -> {
      // The socket may have closed while Redis answered; don't leave an entry that nothing refreshes or removes.
      if (session.connection().isClosed() && !sessions.hasSessions(session.clientId())) {
        return registry.unregister(nodeId, session.clientId());
      }
      return Future.succeededFuture();
    });
  }

  /** Ends a session; unregisters its client id when no other session of it remains on this node. */
  Future<Void> end(ClientSession session) {
    if (sessions.removeSession(session) && !stopping) {
      return unregister(List.of(session.clientId()));
    }
    return Future.succeededFuture();
  }

  /** A socket closed: drops its sessions and unregisters the client ids left without any session here. */
  Future<Void> connectionClosed(ClientConnection connection) {
    List<String> gone = sessions.removeConnection(connection);
    if (gone.isEmpty() || stopping) {
      return Future.succeededFuture();
    }
    return unregister(gone)
      .onFailure(e -> LOG.warn("Could not unregister presence of {}; it lapses after the TTL", gone, e));
  }

  /**
   * Removes the entries, then re-registers any of the ids that opened a session here meanwhile: pooled Redis
   * connections do not keep a concurrent HSET (new session) and HDEL (old one ended) in issue order.
   */
  private Future<Void> unregister(List<String> clientIds) {
    return registry.unregisterAll(nodeId, clientIds).compose(v -> {
      List<String> back = clientIds.stream().filter(sessions::hasSessions).toList();
      return back.isEmpty() || stopping ? Future.succeededFuture() : registry.register(nodeId, back);
    });
  }

  /** Re-registers every local client id for one more TTL. */
  Future<Void> refresh() {
    List<String> ids = new ArrayList<>(sessions.clientIds());
    List<Future<Void>> batches = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += REFRESH_CHUNK) {
      batches.add(registry.register(nodeId, ids.subList(from, Math.min(ids.size(), from + REFRESH_CHUNK))));
    }
    return Future.all(batches).mapEmpty();
  }

  /**
   * Shutdown: declares this node gone (readers skip it at once) and removes all of its entries; per-socket clean-up
   * is skipped from now on.
   */
  Future<Void> unregisterEverything() {
    stopping = true;
    return Future.join(registry.nodeGone(nodeId), registry.unregisterAll(nodeId, sessions.clientIds())).mapEmpty();
  }
}
