package io.lcim.message;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads the {@code _lctype} of a message payload. The server treats payloads as opaque text; the type is extracted
 * once, when the message is stored, so that history can filter on it.
 */
final class PayloadTypes {

  private static final String TYPE_KEY = "_lctype";

  private PayloadTypes() {
  }

  /** The integral {@code _lctype} of a JSON object payload, or null for plain text or untyped JSON. */
  static Integer lctypeOf(String payload) {
    if (payload == null || !looksLikeJsonObject(payload)) {
      return null;
    }
    Object type;
    try {
      type = new JsonObject(payload).getValue(TYPE_KEY);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
    if (type instanceof Integer i) {
      return i;
    }
    if (type instanceof Number n) {
      double d = n.doubleValue();
      // Typed-message ids are small integers; 2.0 is still type 2, 2.5 or an overflowing value is no type.
      if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    return null;
  }

  // Cheap pre-check so plain text is not run through the JSON parser just to fail.
  private static boolean looksLikeJsonObject(String payload) {
    for (int i = 0; i < payload.length(); i++) {
      char c = payload.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{';
      }
    }
    return false;
  }
}
