package io.lcim.message;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Message history in the MongoDB collection {@code messages}; documents are {@link StoredMessage}s. */
public final class MessageStore {

  public static final String COLLECTION = "messages";
  /** The sender asked for a delivered receipt ({@code r: true}). */
  static final String RECEIPT = "r";
  /** When a receiver first acknowledged delivery of a receipt message (ms). */
  static final String ACK_AT = "ackAt";
  /** The message was recalled (its data is then {@code {"_lctype":-127}}). */
  static final String RECALLED = "recalled";

  private final MongoClient mongo;

  public MessageStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /**
   * The history indexes (a page is one index range walk, with or without a type filter), the TTL index that lets
   * MongoDB delete messages at {@code expireAt}, and the patch-time index ({@link MissedPatches}). Creating existing
   * indexes again is a no-op.
   */
  public Future<Void> ensureIndexes() {
    // One at a time: createIndexes (plural) of vertx-mongo-client 5.0.7 fails with "keys can not be null".
    return mongo.createIndex(COLLECTION, new JsonObject()
        .put(StoredMessage.CID, 1).put(StoredMessage.TS, 1).put(StoredMessage.ID, 1))
      .compose(v -> mongo.createIndex(COLLECTION, new JsonObject()
        .put(StoredMessage.CID, 1).put(StoredMessage.LCTYPE, 1).put(StoredMessage.TS, 1).put(StoredMessage.ID, 1)))
      .compose(v -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put(StoredMessage.EXPIRE_AT, 1),
        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))
      // Sparse: only patched messages (few) are indexed, for the missed-patches query at login.
      .compose(v -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put(StoredMessage.PATCH_TS, 1),
        new IndexOptions().sparse(true)));
  }

  /** Completes once the store has acknowledged the write. */
  public Future<Void> insert(StoredMessage message) {
    return insert(message, false);
  }

  /**
   * Completes once the store has acknowledged the write.
   *
   * @param receiptRequested the sender asked for a delivered receipt ({@code r: true}): the first receiver ack
   *                         covering the message sets {@code ackAt} and pushes {@code rcp} ({@link #markDelivered})
   */
  public Future<Void> insert(StoredMessage message, boolean receiptRequested) {
    JsonObject doc = message.toDocument();
    if (receiptRequested) {
      doc.put(RECEIPT, true);
    }
    return mongo.insert(COLLECTION, doc).mapEmpty();
  }

  /** The message {@code id} of conversation {@code cid} if it is still readable at {@code now}, else null. */
  public Future<StoredMessage> find(String cid, String id, Instant now) {
    JsonObject filter = new JsonObject().put(StoredMessage.ID, id).put(StoredMessage.CID, cid)
      .put(StoredMessage.EXPIRE_AT, new JsonObject().put("$gt", date(now)));
    return mongo.findOne(COLLECTION, filter, null).map(doc -> doc == null ? null : StoredMessage.fromDocument(doc));
  }

  /**
   * Replaces the content of a message (an edit or a recall) and stamps it with {@code patched.patchTimestamp()}.
   * Only payload fields change; id, sender, timestamp and expiry stay.
   */
  public Future<Void> replaceContent(StoredMessage patched, boolean recalled) {
    JsonObject set = new JsonObject()
      .put(StoredMessage.DATA, patched.data())
      .put(StoredMessage.PATCH_TS, patched.patchTimestamp());
    JsonObject unset = new JsonObject();
    putOrUnset(set, unset, StoredMessage.BIN, patched.binary() ? Boolean.TRUE : null);
    putOrUnset(set, unset, StoredMessage.LCTYPE, patched.lctype());
    putOrUnset(set, unset, StoredMessage.MENTION_PIDS,
      patched.mentionPids().isEmpty() ? null : new JsonArray(List.copyOf(patched.mentionPids())));
    putOrUnset(set, unset, StoredMessage.MENTION_ALL, patched.mentionAll() ? Boolean.TRUE : null);
    putOrUnset(set, unset, RECALLED, recalled ? Boolean.TRUE : null);
    JsonObject update = new JsonObject().put("$set", set);
    if (!unset.isEmpty()) {
      update.put("$unset", unset);
    }
    return mongo.updateCollection(COLLECTION, new JsonObject().put(StoredMessage.ID, patched.id()), update)
      .mapEmpty();
  }

  private static void putOrUnset(JsonObject set, JsonObject unset, String field, Object value) {
    if (value == null) {
      unset.put(field, "");
    } else {
      set.put(field, value);
    }
  }

  /**
   * Marks the messages of {@code cid} stamped within {@code [fromTs, toTs]} that asked for a delivered receipt and
   * were sent by someone other than {@code receiver} as delivered at {@code ackAt}, each at most once.
   *
   * @return the messages this call marked (so exactly one caller pushes each receipt), at most {@code limit}
   */
  public Future<List<StoredMessage>> markDelivered(String cid, String receiver, long fromTs, long toTs, long ackAt,
                                                   int limit) {
    JsonObject filter = new JsonObject()
      .put(StoredMessage.CID, cid)
      .put(RECEIPT, true)
      .put(ACK_AT, new JsonObject().put("$exists", false))
      .put(StoredMessage.FROM, new JsonObject().put("$ne", receiver))
      .put(StoredMessage.TS, new JsonObject().put("$gte", fromTs).put("$lte", toTs));
    FindOptions options = new FindOptions().setSort(new JsonObject().put(StoredMessage.TS, 1)).setLimit(limit);
    return mongo.findWithOptions(COLLECTION, filter, options).compose(docs -> {
      List<Future<StoredMessage>> marked = new ArrayList<>(docs.size());
      for (JsonObject doc : docs) {
        StoredMessage message = StoredMessage.fromDocument(doc);
        // Conditional on ackAt still being absent: of two concurrent acks, only one sees the update applied.
        JsonObject once = new JsonObject().put(StoredMessage.ID, message.id())
          .put(ACK_AT, new JsonObject().put("$exists", false));
        marked.add(mongo.updateCollection(COLLECTION, once, new JsonObject().put("$set",
            new JsonObject().put(ACK_AT, ackAt)))
          .map(result -> result != null && result.getDocModified() == 1 ? message : null));
      }
      return Future.all(marked).map(all -> {
        List<StoredMessage> delivered = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          StoredMessage message = all.resultAt(i);
          if (message != null) {
            delivered.add(message);
          }
        }
        return delivered;
      });
    });
  }

  /** Inserts many messages in one round trip (imports and tests). */
  public Future<Void> insertAll(List<StoredMessage> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> inserts = new ArrayList<>(messages.size());
    for (StoredMessage message : messages) {
      inserts.add(BulkOperation.createInsert(message.toDocument()));
    }
    return mongo.bulkWrite(COLLECTION, inserts).mapEmpty();
  }

  /** One history page, oldest first, of the messages still readable at {@code now}. */
  public Future<List<StoredMessage>> page(HistoryQuery query, Instant now) {
    if (query.limit() <= 0) {
      return Future.succeededFuture(List.of());
    }
    FindOptions options = new FindOptions().setSort(query.sort()).setLimit(query.limit());
    return mongo.findWithOptions(COLLECTION, query.filter(now), options).map(docs -> {
      List<StoredMessage> page = new ArrayList<>(docs.size());
      for (JsonObject doc : docs) {
        page.add(StoredMessage.fromDocument(doc));
      }
      if (query.newestFirst()) {
        Collections.reverse(page);
      }
      return page;
    });
  }

  /** A BSON date in the client's extended-JSON form. */
  static JsonObject date(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }

  static Instant instant(JsonObject date) {
    return OffsetDateTime.parse(date.getString("$date")).toInstant();
  }
}
