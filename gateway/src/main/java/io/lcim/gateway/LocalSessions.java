package io.lcim.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every session and socket on this gateway node: what pushes and the presence refresh look up. Confined to the
 * gateway verticle's event loop.
 */
final class LocalSessions {

  private final Set<ClientConnection> connections = new LinkedHashSet<>();
  private final Map<String, List<ClientSession>> byClientId = new HashMap<>();

  void addConnection(ClientConnection connection) {
    connections.add(connection);
  }

  /**
   * Forgets a socket and its sessions.
   *
   * @return the client ids that no longer have any session on this node
   */
  List<String> removeConnection(ClientConnection connection) {
    connections.remove(connection);
    List<String> gone = new ArrayList<>();
    for (ClientSession session : connection.sessions()) {
      connection.removeSession(session);
      if (removeFromIndex(session)) {
        gone.add(session.clientId());
      }
    }
    return gone;
  }

  void addSession(ClientSession session) {
    session.connection().addSession(session);
    byClientId.computeIfAbsent(session.clientId(), id -> new ArrayList<>()).add(session);
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

  List<ClientSession> sessionsOf(String clientId) {
    List<ClientSession> sessions = byClientId.get(clientId);
    return sessions == null ? List.of() : List.copyOf(sessions);
  }

  boolean hasSessions(String clientId) {
    return byClientId.containsKey(clientId);
  }

  Set<String> clientIds() {
    return Set.copyOf(byClientId.keySet());
  }

  Collection<ClientConnection> connections() {
    return List.copyOf(connections);
  }

  private boolean removeFromIndex(ClientSession session) {
    List<ClientSession> sessions = byClientId.get(session.clientId());
    if (sessions == null || !sessions.remove(session)) {
      return false;
    }
    if (sessions.isEmpty()) {
      byClientId.remove(session.clientId());
      return true;
    }
    return false;
  }
}
