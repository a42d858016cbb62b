package io.lcim.common;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#gatewayControl(String)}: client {@code clientId} logged in anew with {@code tag} on
 * device {@code deviceId} (single sign-on per tag, docs/protocol.md §3.1). The receiving node ends its sessions of that
 * client with the same tag on any other device, pushing {@code session/closed} with 4111 (SESSION_CONFLICT).
 *
 * @param deviceId      the new login's device; sessions of that device are kept (null: none is kept for that reason)
 * @param keepSessionId the new session itself, never ended
 */
public record SessionConflict(String clientId, String tag, String deviceId, String keepSessionId) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("clientId", clientId).put("tag", tag).put("keep", keepSessionId);
    if (deviceId != null) {
      json.put("deviceId", deviceId);
    }
    return json;
  }

  /** Fails with {@link IllegalArgumentException} when a required field is missing or mistyped. */
  public static SessionConflict fromJson(JsonObject json) {
    try {
      SessionConflict conflict = new SessionConflict(json.getString("clientId"), json.getString("tag"),
        json.getString("deviceId"), json.getString("keep"));
      if (conflict.clientId() == null || conflict.tag() == null || conflict.keepSessionId() == null) {
        throw new IllegalArgumentException("clientId, tag and keep are required");
      }
      return conflict;
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed session conflict", e);
    }
  }
}
