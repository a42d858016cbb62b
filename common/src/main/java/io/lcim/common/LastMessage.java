package io.lcim.common;

import io.vertx.core.json.JsonObject;

/** Body of {@link Addresses#CONVERSATION_LAST_MESSAGE}: lets conversation-service keep {@code lm} current. */
public record LastMessage(String cid, String messageId, String from, long timestamp) {

  public JsonObject toJson() {
    return new JsonObject().put("cid", cid).put("mid", messageId).put("from", from).put("t", timestamp);
  }

  public static LastMessage fromJson(JsonObject json) {
    return new LastMessage(json.getString("cid"), json.getString("mid"), json.getString("from"), json.getLong("t"));
  }
}
