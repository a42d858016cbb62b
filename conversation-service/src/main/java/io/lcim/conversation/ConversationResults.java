package io.lcim.conversation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lcim.conversation.ConversationFields.*;

/** Turns stored conversations into the elements of a {@code conv/query} result ({@code results.data}). */
final class ConversationResults {

  /** {@code flag} bit 0: leave out the member list. */
  static final int FLAG_COMPACT = 1;
  /** {@code flag} bit 1: include the last-message fields. */
  static final int FLAG_LAST_MESSAGE = 2;

  private static final Set<String> LAST_MESSAGE_FIELDS = Set.of(LAST_MESSAGE_DATA, LAST_MESSAGE_BINARY,
    LAST_MESSAGE_FROM, LAST_MESSAGE_ID, LAST_MESSAGE_TIMESTAMP);

  private ConversationResults() {
  }

  static String toResultsData(List<JsonObject> documents, int flag) {
    JsonArray results = new JsonArray();
    documents.forEach(document -> results.add(toResult(document, flag)));
    return results.encode();
  }

  static JsonObject toResult(JsonObject document, int flag) {
    boolean compact = (flag & FLAG_COMPACT) != 0;
    boolean withLastMessage = (flag & FLAG_LAST_MESSAGE) != 0;
    JsonObject result = new JsonObject();
    for (Map.Entry<String, Object> entry : document) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals(ID)) {
        result.put(OBJECT_ID, value);
      } else if (key.equals(CREATED_AT) || key.equals(UPDATED_AT)) {
        Long millis = IsoDates.fromStored(value);
        if (millis != null) {
          result.put(key, IsoDates.format(millis));
        }
      } else if (key.equals(MEMBERS) && compact) {
        continue;
      } else if (LAST_MESSAGE_FIELDS.contains(key) && !withLastMessage) {
        continue;
      } else {
        result.put(key, StoredValues.toWire(value));
      }
    }
    return result;
  }
}
