package io.lcim.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Reply of {@link Addresses#MESSAGE_RECEIPT_TIMESTAMPS}: how far the other members of a conversation have received
 * ({@code maxAckTimestamp}) and read ({@code maxReadTimestamp}) it, the newest over them; 0 when nothing is known.
 */
public record ReceiptTimestamps(long maxAckTimestamp, long maxReadTimestamp) {

  /** The request: {@code clientId} asks about conversation {@code cid}, whose other members are {@code others}. */
  public static JsonObject request(String cid, String clientId, List<String> others) {
    return new JsonObject().put("cid", cid).put("clientId", clientId).put("others", new JsonArray(List.copyOf(others)));
  }

  public static String requestedCid(JsonObject request) {
    return request.getString("cid");
  }

  /** The other members named in a request (never null). */
  public static List<String> requestedOthers(JsonObject request) {
    JsonArray others = request.getJsonArray("others");
    return others == null ? List.of() : others.stream().map(String::valueOf).toList();
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxAckTimestamp", maxAckTimestamp).put("maxReadTimestamp", maxReadTimestamp);
  }

  public static ReceiptTimestamps fromJson(JsonObject json) {
    return new ReceiptTimestamps(json.getLong("maxAckTimestamp", 0L), json.getLong("maxReadTimestamp", 0L));
  }
}
