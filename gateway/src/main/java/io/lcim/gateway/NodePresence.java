package io.lcim.gateway;

import io.lcim.common.PresenceRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps this node's local sessions and its entries in the shared {@link PresenceRegistry} in step: a client id is
 * registered while it has at least one session here, and unregistered when its last one ends. Logins and
 * disconnects go to Redis in batches ({@link PresenceWrites}).
 */
final class NodePresence {

  private static final Logger LOG = LoggerFactory.getLogger(NodePresence.class);
  /** Redis batch size of a refresh or shutdown, so that many thousand clients do not become one huge pipeline. */
  private static final int REFRESH_CHUNK = PresenceWrites.MAX_IDS_PER_BATCH;

  private final String nodeId;
  private final LocalSessions sessions;
  private final PresenceRegistry registry;
  private final PresenceWrites writes;
  private boolean stopping;

  NodePresence(String nodeId, LocalSessions sessions, PresenceRegistry registry) {
    this.nodeId = nodeId;
    this.sessions = sessions;
    this.registry = registry;
    this.writes = new PresenceWrites(registry, nodeId);
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
    return writes.register(session.clientId()).compose(v -> {
      // The socket may have closed while Redis answered; don't leave an entry that nothing refreshes or removes.
      if (session.connection().isClosed() && !sessions.hasSessions(session.clientId())) {
        return writes.unregister(session.clientId());
      }
      return Future.succeededFuture();
    });
  }

  /** Registers the client id of a session that is open already (it was opened again) for one more TTL. */
  Future<Void> renew(ClientSession session) {
    return writes.register(session.clientId());
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
    return writes.unregisterAll(clientIds).compose(v -> {
      if (stopping) {
        return Future.succeededFuture();
      }
      List<Future<Void>> back = new ArrayList<>();
      for (String clientId : clientIds) {
        if (sessions.hasSessions(clientId)) {
          back.add(writes.register(clientId));
        }
      }
      return back.isEmpty() ? Future.succeededFuture() : Future.all(back).mapEmpty();
    });
  }

  /** Re-registers every local client id for one more TTL. */
  Future<Void> refresh() {
    return inChunks(sessions.clientIds(), ids -> registry.register(nodeId, ids));
  }

  /**
   * Shutdown: declares this node gone (readers skip it at once) and removes all of its entries; per-socket clean-up
   * is skipped from now on.
   */
  Future<Void> unregisterEverything() {
    stopping = true;
    return Future.join(registry.nodeGone(nodeId),
      inChunks(sessions.clientIds(), ids -> registry.unregisterAll(nodeId, ids))).mapEmpty();
  }

  /** Redis refuses a batch beyond its in-flight limit, and one huge pipeline would stall everything behind it. */
  private static Future<Void> inChunks(List<String> ids, Function<List<String>, Future<Void>> write) {
    List<Future<Void>> batches = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += REFRESH_CHUNK) {
      batches.add(write.apply(ids.subList(from, Math.min(ids.size(), from + REFRESH_CHUNK))));
    }
    return Future.all(batches).mapEmpty();
  }
}
