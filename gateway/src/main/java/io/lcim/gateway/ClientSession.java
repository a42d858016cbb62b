package io.lcim.gateway;

/**
 * One client id logged in on one socket. Several sessions may share a socket (SDK multiplexing) and one client id
 * may have sessions on several sockets (several devices).
 *
 * <p>Kept small because a gateway holds one per logged-in client: the session id is a node-wide serial number
 * behind a prefix shared by the whole node ({@link SessionIds}) and only spelled out as a string when a service
 * needs it; the device id is kept only when a tag makes it matter (single sign-on compares devices within a tag).
 */
public final class ClientSession {

  private final SessionIds ids;
  private final long serial;
  private final String clientId;
  private final String tag;
  private final String deviceId;
  private final ClientConnection connection;

  /**
   * @param ids        the node's session id space; {@code serial} must come from it
   * @param clientId   the LeanCloud client id ({@code peerId})
   * @param tag        the login tag (single sign-on group, e.g. "Mobile"), or null
   * @param deviceId   the SDK's per-{@code Realtime} device id, or null; dropped when there is no tag
   * @param connection the socket the session lives on
   */
  ClientSession(SessionIds ids, long serial, String clientId, String tag, String deviceId,
                ClientConnection connection) {
    this.ids = ids;
    this.serial = serial;
    this.clientId = clientId;
    this.tag = tag;
    this.deviceId = tag == null ? null : deviceId;
    this.connection = connection;
  }

  /** Unique across nodes; services use it to keep a sender's own pushes from echoing back. */
  public String sessionId() {
    return ids.format(serial);
  }

  /** Whether {@code sessionId} names this session, without building this session's id. */
  public boolean hasId(String sessionId) {
    return ids.matches(sessionId, serial);
  }

  /** The LeanCloud client id ({@code peerId}). */
  public String clientId() {
    return clientId;
  }

  /** The login tag (single sign-on group, e.g. "Mobile"), or null. */
  public String tag() {
    return tag;
  }

  /** The SDK's per-{@code Realtime} device id of a tagged login, or null. */
  public String deviceId() {
    return deviceId;
  }

  /** The socket the session lives on. */
  public ClientConnection connection() {
    return connection;
  }

  @Override
  public String toString() {
    return "ClientSession[" + clientId + (tag == null ? "" : ", tag " + tag) + ", " + sessionId() + "]";
  }
}
