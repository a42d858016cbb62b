package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.lcim.conversation.ConversationFields.*;

/**
 * The changed keys of a {@code conv/update} ({@code attr.data}, docs/protocol.md §3.9) as a MongoDB {@code $set} and
 * {@code $unset}. Keys are paths ({@code attr.pinned}); {@code name} and {@code attr} keep their types; fields the
 * server owns (members, creator, dates…) cannot be changed; {@code {"__op":"Delete"}} removes a key.
 *
 * @param set       values to set, in stored form
 * @param unset     paths to remove
 * @param changes   the changed keys as the client sent them, for the {@code updated} push
 */
record AttributeChanges(JsonObject set, JsonObject unset, JsonObject changes) {

  private static final int MAX_KEYS = 64;

  static AttributeChanges parse(String data) {
    JsonObject changes;
    try {
      changes = new JsonObject(data == null ? "" : data);
    } catch (DecodeException | ClassCastException e) {
      throw refused("attr is not a JSON object");
    }
    if (changes.size() > MAX_KEYS) {
      throw refused("at most " + MAX_KEYS + " keys may change at once");
    }
    JsonObject set = new JsonObject();
    JsonObject unset = new JsonObject();
    List<String> paths = new ArrayList<>();
    for (Map.Entry<String, Object> entry : changes) {
      String path = entry.getKey();
      checkChangeable(path);
      paths.add(path);
      Object value = entry.getValue();
      checkType(path, value);
      if (isDelete(value)) {
        if (path.equals(ATTR)) {
          set.put(ATTR, new JsonObject());
        } else {
          unset.put(path, "");
        }
      } else {
        try {
          set.put(path, StoredValues.toStored(value));
        } catch (IllegalArgumentException e) {
          throw refused(path + ": " + e.getMessage());
        }
      }
    }
    checkNoOverlap(paths);
    return new AttributeChanges(set, unset, changes);
  }

  boolean isEmpty() {
    return changes.isEmpty();
  }

  private static void checkChangeable(String path) {
    try {
      ConversationFields.checkPath(path);
    } catch (IllegalArgumentException e) {
      throw refused(e.getMessage());
    }
    String top = ConversationFields.topLevel(path);
    if (SERVER_OWNED.contains(top) || top.startsWith("_")) {
      throw refused("'" + path + "' cannot be changed by conv/update");
    }
    if (top.equals(NAME) && !path.equals(NAME)) {
      throw refused("name is a string");
    }
  }

  private static void checkType(String path, Object value) {
    if (value instanceof JsonObject object && object.containsKey("__op") && !isDelete(value)) {
      throw refused(path + ": unsupported __op " + object.getValue("__op"));
    }
    if (path.equals(NAME) && value != null && !(value instanceof String) && !isDelete(value)) {
      throw refused("name must be a string");
    }
    if (path.equals(ATTR) && !(value instanceof JsonObject) && !isDelete(value)) {
      throw refused("attr must be an object");
    }
  }

  private static boolean isDelete(Object value) {
    return value instanceof JsonObject object && "Delete".equals(object.getValue("__op"));
  }

  /** MongoDB refuses to set {@code attr} and {@code attr.x} in one update; say so clearly instead. */
  private static void checkNoOverlap(List<String> paths) {
    for (String a : paths) {
      for (String b : paths) {
        if (!a.equals(b) && b.startsWith(a + ".")) {
          throw refused("'" + a + "' and '" + b + "' overlap");
        }
      }
    }
  }

  private static ServiceErrors.ProtocolException refused(String detail) {
    return ServiceErrors.error(ErrorCode.CONVERSATION_UPDATE_FAILED, detail);
  }
}
