package io.lcim.media;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Dates as stored ({@code {"$date": iso}}, which vertx-mongo writes as BSON dates) and as sent (ISO-8601 UTC with
 * milliseconds, LeanCloud's {@code createdAt} form).
 */
final class Dates {

  private static final DateTimeFormatter ISO_MILLIS =
    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private Dates() {
  }

  static String iso(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  static JsonObject stored(long epochMillis) {
    return new JsonObject().put("$date", iso(epochMillis));
  }

  /** A stored date as epoch millis; null when absent or not a date. */
  static Long fromStored(Object value) {
    if (value instanceof JsonObject json) {
      Object date = json.getValue("$date");
      if (date instanceof Number n) {
        return n.longValue();
      }
      if (date instanceof String s) {
        try {
          return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The stored date in LeanCloud's wire form, or null. */
  static String wire(Object storedValue) {
    Long millis = fromStored(storedValue);
    return millis == null ? null : iso(millis);
  }

  /** The IMF-fixdate form of HTTP headers (Last-Modified). */
  static String http(long epochMillis) {
    return HTTP_DATE.format(Instant.ofEpochMilli(epochMillis));
  }
}
