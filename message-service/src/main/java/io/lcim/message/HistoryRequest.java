package io.lcim.message;

import io.lcim.common.proto.LogsCommand.QueryDirection;
import io.vertx.core.MultiMap;

/**
 * The query parameters of LeanCloud's history REST routes (docs/storage-and-rest.md §5.2), read into the same
 * {@link HistoryQuery} a {@code logs} command makes, so both page alike.
 *
 * <ul>
 *   <li>{@code timestamp} (+ optional {@code msgid}): where the walk starts, exclusive unless {@code include_start};
 *   <li>{@code till_timestamp} (+ optional {@code till_msgid}): where it stops, exclusive unless
 *       {@code include_stop};
 *   <li>{@code reversed}: walk from old to new (from the oldest message without a start) instead of new to old;
 *   <li>{@code limit}: page size, default {@value #DEFAULT_LIMIT}, larger values clamped to the maximum, 0 gives an
 *       empty page.
 * </ul>
 * Anything unreadable is refused rather than guessed at: a client paging with a mistyped cursor would otherwise
 * silently get the wrong page.
 */
final class HistoryRequest {

  /** LeanCloud's default page size for the REST history routes. */
  static final int DEFAULT_LIMIT = 100;

  private HistoryRequest() {
  }

  /**
   * @param cid      the conversation, or null for every conversation of the app
   * @param maxLimit larger {@code limit}s are clamped to this
   * @throws HttpApiError.Failure a 400 naming the bad parameter
   */
  static HistoryQuery parse(String cid, MultiMap params, int maxLimit) {
    HistoryQuery.Cursor start = cursor(params, "timestamp", "msgid", bool(params, "include_start"));
    HistoryQuery.Cursor end = cursor(params, "till_timestamp", "till_msgid", bool(params, "include_stop"));
    QueryDirection direction = bool(params, "reversed") ? QueryDirection.NEW : QueryDirection.OLD;
    return new HistoryQuery(cid, limit(params, maxLimit), direction, start, end, null);
  }

  private static HistoryQuery.Cursor cursor(MultiMap params, String timestampName, String idName,
                                            boolean inclusive) {
    String timestamp = value(params, timestampName);
    String messageId = value(params, idName);
    if (timestamp == null) {
      if (messageId != null) {
        // An id alone cannot position a cursor: ids only order messages within one millisecond.
        throw HttpApiError.invalidParameter(idName + " needs " + timestampName + ".").failure();
      }
      return null;
    }
    return new HistoryQuery.Cursor(wholeNumber(timestampName, timestamp), messageId, inclusive);
  }

  private static int limit(MultiMap params, int maxLimit) {
    String value = value(params, "limit");
    if (value == null) {
      return Math.min(DEFAULT_LIMIT, maxLimit);
    }
    return (int) Math.min(wholeNumber("limit", value), maxLimit);
  }

  private static long wholeNumber(String name, String value) {
    long number;
    try {
      number = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw HttpApiError.invalidParameter(name + " must be a whole number, got '" + value + "'.").failure();
    }
    if (number < 0) {
      throw HttpApiError.invalidParameter(name + " must not be negative, got " + number + ".").failure();
    }
    return number;
  }

  private static boolean bool(MultiMap params, String name) {
    String value = value(params, name);
    if (value == null || value.equalsIgnoreCase("false") || value.equals("0")) {
      return false;
    }
    if (value.equalsIgnoreCase("true") || value.equals("1")) {
      return true;
    }
    throw HttpApiError.invalidParameter(name + " must be true or false, got '" + value + "'.").failure();
  }

  /** The parameter's first value; empty counts as absent ({@code ?msgid=} from a template with no cursor yet). */
  private static String value(MultiMap params, String name) {
    String value = params.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
