package io.lcim.gateway;

/**
 * One client id logged in on one socket. Several sessions may share a socket (SDK multiplexing) and one client id
 * may have sessions on several sockets (several devices).
 *
 * @param sessionId  unique id; services use it to keep a sender's own pushes from echoing back
 * @param clientId   the LeanCloud client id ({@code peerId})
 * @param tag        the login tag (single sign-on group, e.g. "Mobile"), or null
 * @param deviceId   the SDK's per-{@code Realtime} device id, or null
 * @param connection the socket the session lives on
 */
public record ClientSession(String sessionId, String clientId, String tag, String deviceId,
                            ClientConnection connection) {
}
