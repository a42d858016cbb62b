package io.lcim.common;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#MESSAGE_MISSED_PATCHES}: which client logged in and its {@code lastPatchTime} cursor
 * ({@code sessionMessage.lastPatchTime}): edits and recalls stamped after it were missed.
 */
public record MissedPatchesRequest(String clientId, long since) {

  public JsonObject toJson() {
    return new JsonObject().put("clientId", clientId).put("since", since);
  }

  /** Fails with {@link IllegalArgumentException} when a field is missing or has the wrong type. */
  public static MissedPatchesRequest fromJson(JsonObject json) {
    try {
      String clientId = json.getString("clientId");
      Long since = json.getLong("since");
      if (clientId == null || clientId.isEmpty() || since == null) {
        throw new IllegalArgumentException("clientId and since are required");
      }
      return new MissedPatchesRequest(clientId, since);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed missed patches request", e);
    }
  }
}
