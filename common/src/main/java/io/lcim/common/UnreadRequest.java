package io.lcim.common;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#MESSAGE_UNREAD}: which client logged in and the {@code notifTime} of the last {@code unread}
 * push it received ({@code sessionMessage.lastUnreadNotifTime}), if any.
 *
 * @param since null on a first login of this device: then every conversation with news for the client is listed
 */
public record UnreadRequest(String clientId, Long since) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("clientId", clientId);
    if (since != null) {
      json.put("since", since);
    }
    return json;
  }

  /** Fails with {@link IllegalArgumentException} when {@code clientId} is missing or a field has the wrong type. */
  public static UnreadRequest fromJson(JsonObject json) {
    try {
      String clientId = json.getString("clientId");
      if (clientId == null || clientId.isEmpty()) {
        throw new IllegalArgumentException("clientId is required");
      }
      return new UnreadRequest(clientId, json.getLong("since"));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed unread request", e);
    }
  }
}
