package io.lcim.conversation;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Date conversions between the three forms a conversation date takes: epoch milliseconds in code, the vertx-mongo
 * extended-JSON form {@code {"$date": "..."}} in the store, and ISO-8601 UTC with milliseconds on the wire (the form
 * LeanCloud sends, e.g. {@code 2026-11-26T06:10:00.000Z}; the SDKs parse it with JavaScript's Date).
 */
final class IsoDates {

  private static final DateTimeFormatter ISO_MILLIS =
    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private IsoDates() {
  }

  static String format(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Parses an ISO-8601 instant (any offset); throws {@link IllegalArgumentException} when it is not one. */
  static long parse(String iso) {
    try {
      return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("not an ISO-8601 date: " + iso);
    }
  }

  /** A date value as vertx-mongo writes it to BSON. */
  static JsonObject toStored(long epochMillis) {
    return new JsonObject().put("$date", format(epochMillis));
  }

  /** Reads a stored date ({@code {"$date": iso | millis}}); null when the value is absent or not a date. */
  static Long fromStored(Object value) {
    if (value instanceof JsonObject json && json.containsKey("$date")) {
      Object date = json.getValue("$date");
      if (date instanceof Number n) {
        return n.longValue();
      }
      if (date instanceof String s) {
        return parse(s);
      }
    }
    return null;
  }

  /** The REST encoding LeanCloud uses for dates inside JSON ({@code lm}, custom attributes). */
  static JsonObject toWire(long epochMillis) {
    return new JsonObject().put("__type", "Date").put("iso", format(epochMillis));
  }
}
