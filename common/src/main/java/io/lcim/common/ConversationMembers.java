package io.lcim.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Reply of {@link Addresses#CONVERSATION_MEMBERS}: whether the conversation exists and who its members are.
 *
 * @param transientConversation a chat room (membership is presence-like)
 * @param system                a service conversation
 */
public record ConversationMembers(String cid, boolean found, List<String> members, boolean transientConversation,
                                  boolean system) {

  public static JsonObject request(String cid) {
    return new JsonObject().put("cid", cid);
  }

  public static String requestedCid(JsonObject request) {
    return request.getString("cid");
  }

  public static ConversationMembers notFound(String cid) {
    return new ConversationMembers(cid, false, List.of(), false, false);
  }

  public boolean isMember(String clientId) {
    return found && members.contains(clientId);
  }

  public JsonObject toJson() {
    return new JsonObject().put("cid", cid).put("found", found).put("members", new JsonArray(List.copyOf(members)))
      .put("tr", transientConversation).put("sys", system);
  }

  public static ConversationMembers fromJson(JsonObject json) {
    JsonArray m = json.getJsonArray("members", new JsonArray());
    return new ConversationMembers(json.getString("cid"), json.getBoolean("found", false),
      m.stream().map(String::valueOf).toList(), json.getBoolean("tr", false), json.getBoolean("sys", false));
  }
}
