package io.lcim.message;

import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.LogsCommand.QueryDirection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a conversation's history, as asked by a {@code logs} command.
 *
 * <p>Messages are ordered by {@code (timestamp, id)}, a strict total order even when many messages share one
 * millisecond. {@code OLD} walks from the start cursor towards older messages (from the newest end when there is no
 * start cursor), {@code NEW} from the start cursor towards newer ones (from the oldest end without one). The end
 * cursor bounds the walk on the other side. Pages are always returned oldest first: the SDK does not reorder them
 * and its iterator takes the first item as the next cursor.
 *
 * @param limit     page size, already clamped; 0 means an empty page
 * @param start     where the walk starts (exclusive unless {@code inclusive}), or null for the newest/oldest end
 * @param end       where the walk stops, or null for unbounded
 * @param lctype    only messages of this {@code _lctype}, or null for all
 */
public record HistoryQuery(String cid, int limit, QueryDirection direction, Cursor start, Cursor end,
                           Integer lctype) {

  /**
   * A position in the {@code (timestamp, id)} order.
   *
   * @param messageId null to bound by time alone
   */
  public record Cursor(long timestamp, String messageId, boolean inclusive) {

    /** Messages ordered before this cursor (and at it, when inclusive). */
    JsonObject before() {
      return compare("$lt", "$lte");
    }

    /** Messages ordered after this cursor (and at it, when inclusive). */
    JsonObject after() {
      return compare("$gt", "$gte");
    }

    private JsonObject compare(String strict, String orEqual) {
      String op = inclusive ? orEqual : strict;
      if (messageId == null) {
        return new JsonObject().put(StoredMessage.TS, new JsonObject().put(op, timestamp));
      }
      return new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put(StoredMessage.TS, new JsonObject().put(strict, timestamp)))
        .add(new JsonObject().put(StoredMessage.TS, timestamp)
          .put(StoredMessage.ID, new JsonObject().put(op, messageId))));
    }
  }

  /**
   * Reads a {@code logs} command. The page size comes from {@code l}, else {@code limit}, else the default; it is
   * clamped to {@code maxLimit}, and zero or negative sizes ask for an empty page. A message id without its
   * timestamp cannot position a cursor (the SDK always sends both) and is ignored.
   */
  public static HistoryQuery from(LogsCommand logs, int defaultLimit, int maxLimit) {
    int limit = logs.hasL() ? logs.getL() : logs.hasLimit() ? logs.getLimit() : defaultLimit;
    limit = Math.max(0, Math.min(limit, maxLimit));
    Cursor start = logs.hasT()
      ? new Cursor(logs.getT(), logs.hasMid() ? logs.getMid() : null, logs.getTIncluded())
      : null;
    Cursor end = logs.hasTt()
      ? new Cursor(logs.getTt(), logs.hasTmid() ? logs.getTmid() : null, logs.getTtIncluded())
      : null;
    return new HistoryQuery(logs.getCid(), limit, logs.getDirection(), start, end,
      logs.hasLctype() ? logs.getLctype() : null);
  }

  boolean newestFirst() {
    return direction != QueryDirection.NEW;
  }

  /** The MongoDB filter: this conversation, still readable at {@code now}, within the cursors and the type. */
  JsonObject filter(Instant now) {
    JsonObject filter = new JsonObject()
      .put(StoredMessage.CID, cid)
      // Expired messages must stay invisible even where the store deletes them late or never.
      .put(StoredMessage.EXPIRE_AT, new JsonObject().put("$gt", MessageStore.date(now)));
    if (lctype != null) {
      filter.put(StoredMessage.LCTYPE, lctype);
    }
    List<JsonObject> bounds = new ArrayList<>(2);
    if (start != null) {
      bounds.add(newestFirst() ? start.before() : start.after());
    }
    if (end != null) {
      bounds.add(newestFirst() ? end.after() : end.before());
    }
    if (!bounds.isEmpty()) {
      filter.put("$and", new JsonArray(new ArrayList<>(bounds)));
    }
    return filter;
  }

  /** Walk order: the page is the first {@code limit} messages in this order. */
  JsonObject sort() {
    int order = newestFirst() ? -1 : 1;
    return new JsonObject().put(StoredMessage.TS, order).put(StoredMessage.ID, order);
  }
}
