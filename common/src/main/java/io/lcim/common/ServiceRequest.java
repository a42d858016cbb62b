package io.lcim.common;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Who sent a client command that the gateway forwards to a service. Travels as event-bus headers next to the
 * command's protobuf bytes, so it is cluster-safe without a custom codec.
 *
 * @param appId    the application the session logged in to
 * @param clientId the LeanCloud client id (peerId) of the session
 * @param sessionId unique id of this session (one client id on one socket); pushes can exclude it
 * @param nodeId   the gateway node holding the socket
 */
public record ServiceRequest(String appId, String clientId, String sessionId, String nodeId) {

  static final String APP_ID = "x-app-id";
  static final String CLIENT_ID = "x-client-id";
  static final String SESSION_ID = "x-session-id";
  static final String NODE_ID = "x-node-id";

  public DeliveryOptions toDeliveryOptions() {
    return new DeliveryOptions()
      .addHeader(APP_ID, appId)
      .addHeader(CLIENT_ID, clientId)
      .addHeader(SESSION_ID, sessionId)
      .addHeader(NODE_ID, nodeId);
  }

  /** Reads the context back; fails with {@link IllegalArgumentException} when a header is missing. */
  public static ServiceRequest fromHeaders(MultiMap headers) {
    return new ServiceRequest(require(headers, APP_ID), require(headers, CLIENT_ID),
      require(headers, SESSION_ID), require(headers, NODE_ID));
  }

  private static String require(MultiMap headers, String name) {
    String value = headers.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("missing header " + name);
    }
    return value;
  }
}
