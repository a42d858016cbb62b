package io.lcim.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Body of {@link Addresses#CONVERSATION_MEMBERSHIP_CHANGED}: members that joined or left a (non-transient)
 * conversation at {@code at} (ms).
 *
 * @param newConversation the conversation was just created: it has no earlier messages, so every message counts as
 *                        unread for its first members, even one stamped a moment before {@code at}
 */
public record MembershipChange(String cid, List<String> joined, List<String> left, long at,
                               boolean newConversation) {

  public MembershipChange {
    joined = joined == null ? List.of() : List.copyOf(joined);
    left = left == null ? List.of() : List.copyOf(left);
  }

  public static MembershipChange joined(String cid, List<String> members, long at, boolean newConversation) {
    return new MembershipChange(cid, members, List.of(), at, newConversation);
  }

  public static MembershipChange left(String cid, List<String> members, long at) {
    return new MembershipChange(cid, List.of(), members, at, false);
  }

  public JsonObject toJson() {
    return new JsonObject().put("cid", cid).put("joined", new JsonArray(joined)).put("left", new JsonArray(left))
      .put("at", at).put("new", newConversation);
  }

  /** Fails with {@link IllegalArgumentException} when {@code cid} or {@code at} is missing or mistyped. */
  public static MembershipChange fromJson(JsonObject json) {
    try {
      String cid = json.getString("cid");
      Long at = json.getLong("at");
      if (cid == null || cid.isEmpty() || at == null) {
        throw new IllegalArgumentException("cid and at are required");
      }
      return new MembershipChange(cid, strings(json.getJsonArray("joined")), strings(json.getJsonArray("left")), at,
        json.getBoolean("new", false));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed membership change", e);
    }
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }
}
