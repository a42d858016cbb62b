package io.lcim.conversation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Converts client-supplied JSON values (attributes, query operands) to what is stored, and back. Clients encode
 * dates as {@code {"__type":"Date","iso":...}}; the store keeps real dates so that they compare and sort as dates.
 * Object keys that MongoDB would interpret ({@code $...}) or split ({@code a.b}) are refused, so a value can never
 * smuggle an operator into a filter or an update.
 */
final class StoredValues {

  private StoredValues() {
  }

  /** @throws IllegalArgumentException saying what is wrong with the value */
  static Object toStored(Object value) {
    if (value instanceof JsonObject object) {
      if (object.containsKey("__type")) {
        return typedToStored(object);
      }
      JsonObject stored = new JsonObject();
      for (Map.Entry<String, Object> entry : object) {
        checkPlainKey(entry.getKey());
        stored.put(entry.getKey(), toStored(entry.getValue()));
      }
      return stored;
    }
    if (value instanceof JsonArray array) {
      JsonArray stored = new JsonArray();
      array.forEach(element -> stored.add(toStored(element)));
      return stored;
    }
    return value;
  }

  /** The wire form of a stored value: dates become {@code {"__type":"Date","iso":...}}. */
  static Object toWire(Object value) {
    if (value instanceof JsonObject object) {
      Long date = IsoDates.fromStored(object);
      if (date != null) {
        return IsoDates.toWire(date);
      }
      JsonObject wire = new JsonObject();
      object.forEach(entry -> wire.put(entry.getKey(), toWire(entry.getValue())));
      return wire;
    }
    if (value instanceof JsonArray array) {
      JsonArray wire = new JsonArray();
      array.forEach(element -> wire.add(toWire(element)));
      return wire;
    }
    return value;
  }

  /** Whether a client-supplied value is a REST-encoded date. */
  static boolean isWireDate(Object value) {
    return value instanceof JsonObject object && "Date".equals(object.getValue("__type"));
  }

  private static Object typedToStored(JsonObject typed) {
    if (!isWireDate(typed)) {
      throw new IllegalArgumentException("unsupported __type " + typed.getValue("__type"));
    }
    Object iso = typed.getValue("iso");
    if (!(iso instanceof String isoText)) {
      throw new IllegalArgumentException("a Date needs an 'iso' string");
    }
    return IsoDates.toStored(IsoDates.parse(isoText));
  }

  private static void checkPlainKey(String key) {
    if (key.isEmpty() || key.startsWith("$") || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid key '" + key + "' in an object value");
    }
  }
}
