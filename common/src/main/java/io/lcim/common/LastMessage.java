package io.lcim.common;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#CONVERSATION_LAST_MESSAGE}: lets conversation-service keep {@code lm} and the last
 * message (returned by conversation queries with flag 2) current.
 *
 * @param data   the payload text, or base64 of a binary payload
 * @param binary whether {@code data} is base64 of a binary payload
 */
public record LastMessage(String cid, String messageId, String from, long timestamp, String data, boolean binary) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("cid", cid).put("mid", messageId).put("from", from).put("t", timestamp);
    if (data != null) {
      json.put("data", data).put("bin", binary);
    }
    return json;
  }

  public static LastMessage fromJson(JsonObject json) {
    return new LastMessage(json.getString("cid"), json.getString("mid"), json.getString("from"), json.getLong("t"),
      json.getString("data"), json.getBoolean("bin", false));
  }
}
