package io.lcim.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * History items in the JSON shape of LeanCloud's REST API (docs/storage-and-rest.md §5.7):
 * {@code timestamp, conv-id, data, from, msg-id, is-conv, is-room, to, bin}. {@code data} is the payload text, or
 * base64 when {@code bin} is true. {@code from-ip} is left out: the sender's address is not stored.
 */
final class RestHistoryItems {

  private RestHistoryItems() {
  }

  /**
   * @param messages  in the order to answer with
   * @param chatRooms the conversations among them that are chat rooms ({@code is-room})
   */
  static JsonArray toJson(List<StoredMessage> messages, Set<String> chatRooms) {
    JsonArray items = new JsonArray();
    for (StoredMessage message : messages) {
      items.add(toJson(message, chatRooms.contains(message.cid())));
    }
    return items;
  }

  static JsonObject toJson(StoredMessage message, boolean chatRoom) {
    JsonObject item = new JsonObject()
      .put("timestamp", message.timestamp())
      .put("conv-id", message.cid())
      .put("data", message.data())
      .put("from", message.from())
      .put("msg-id", message.id())
      .put("is-conv", true)
      .put("is-room", chatRoom)
      // Every message here went to a conversation, so its recipient is that conversation.
      .put("to", message.cid())
      .put("bin", message.binary());
    if (message.patchTimestamp() != null) {
      // Edited or recalled: data is the current content, this is when it last changed.
      item.put("patch-timestamp", message.patchTimestamp());
    }
    return item;
  }
}
