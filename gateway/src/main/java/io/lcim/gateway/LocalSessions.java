package io.lcim.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every session and socket on this gateway node: what pushes, the presence refresh and the timeout sweep look up.
 * Confined to the gateway verticle's event loop.
 *
 * <p>Sized for tens of thousands of idle clients: the sockets form a list linked through the connections
 * themselves (no entry object per socket), and a client id maps straight to its session, or to an array of them
 * when the same client id is logged in several times on this node ({@link SessionSlots}).
 */
final class LocalSessions {

  private final Map<String, Object> byClientId = new HashMap<>();
  private ClientConnection first;
  /** Written on the event loop only; volatile for the metrics gauges, which read them elsewhere. */
  private volatile int connectionCount;
  private volatile int sessionCount;

  void addConnection(ClientConnection connection) {
    connection.previous = null;
    connection.next = first;
    if (first != null) {
      first.previous = connection;
    }
    first = connection;
    connectionCount++;
  }

  /**
   * Forgets a socket and its sessions.
   *
   * @return the client ids that no longer have any session on this node
   */
  List<String> removeConnection(ClientConnection connection) {
    unlink(connection);
    List<ClientSession> sessions = connection.sessions();
    List<String> gone = sessions.isEmpty() ? List.of() : new ArrayList<>(sessions.size());
    for (ClientSession session : sessions) {
      connection.removeSession(session);
      if (removeFromIndex(session)) {
        gone.add(session.clientId());
      }
    }
    return gone;
  }

  void addSession(ClientSession session) {
    session.connection().addSession(session);
    byClientId.put(session.clientId(), SessionSlots.add(byClientId.get(session.clientId()), session));
    sessionCount++;
  }

  /**
   * Ends one session.
   *
   * @return true when it was the client id's last session on this node
   */
  boolean removeSession(ClientSession session) {
    session.connection().removeSession(session);
    return removeFromIndex(session);
  }

  /** A copy: delivering to a session may end others. */
  List<ClientSession> sessionsOf(String clientId) {
    return SessionSlots.list(byClientId.get(clientId));
  }

  boolean hasSessions(String clientId) {
    return byClientId.containsKey(clientId);
  }

  /** A copy of the client ids with a session here. */
  List<String> clientIds() {
    return new ArrayList<>(byClientId.keySet());
  }

  /** A copy of the sockets. */
  List<ClientConnection> connections() {
    List<ClientConnection> all = new ArrayList<>(connectionCount);
    forEachConnection(all::add);
    return all;
  }

  /** Visits every socket without copying; {@code visitor} must not add or remove sockets. */
  void forEachConnection(Consumer<ClientConnection> visitor) {
    for (ClientConnection connection = first; connection != null; connection = connection.next) {
      visitor.accept(connection);
    }
  }

  int connectionCount() {
    return connectionCount;
  }

  int sessionCount() {
    return sessionCount;
  }

  private void unlink(ClientConnection connection) {
    boolean linked = connection.previous != null || first == connection;
    if (!linked) {
      return;
    }
    if (connection.previous == null) {
      first = connection.next;
    } else {
      connection.previous.next = connection.next;
    }
    if (connection.next != null) {
      connection.next.previous = connection.previous;
    }
    connection.previous = null;
    connection.next = null;
    connectionCount--;
  }

  private boolean removeFromIndex(ClientSession session) {
    Object slots = byClientId.get(session.clientId());
    Object remaining = SessionSlots.remove(slots, session);
    if (remaining == slots) {
      return false;
    }
    sessionCount--;
    if (remaining == null) {
      byClientId.remove(session.clientId());
      return true;
    }
    byClientId.put(session.clientId(), remaining);
    return false;
  }
}
