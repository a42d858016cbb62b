package io.lcim.message;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Message history in the MongoDB collection {@code messages}; documents are {@link StoredMessage}s. */
public final class MessageStore {

  public static final String COLLECTION = "messages";
  /**
   * Messages whose sender asked for a delivered receipt ({@code r: true}) and got none yet: {@code {_id, cid, from,
   * ts, expireAt}}. Kept apart so that settling receipts never walks history.
   */
  static final String PENDING_RECEIPTS = "pending_receipts";
  /**
   * One entry per edited or recalled message, {@code {_id, cid, patchTs, expireAt}}: what a client missed while
   * offline is found by conversation and patch time without walking history ({@link MissedPatches}).
   */
  static final String PATCHES = "patches";
  /** The message was recalled (its data is then {@code {"_lctype":-127}}). */
  static final String RECALLED = "recalled";

  private final MongoClient mongo;
  private final GroupedInserts inserts;

  public MessageStore(MongoClient mongo) {
    this.mongo = mongo;
    this.inserts = new GroupedInserts(mongo, COLLECTION);
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
      .compose(v -> mongo.createIndex(PENDING_RECEIPTS, new JsonObject().put(StoredMessage.CID, 1)
        .put(StoredMessage.TS, 1)))
      .compose(v -> mongo.createIndexWithOptions(PENDING_RECEIPTS, new JsonObject().put(StoredMessage.EXPIRE_AT, 1),
        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))
      .compose(v -> mongo.createIndex(PATCHES, new JsonObject().put(StoredMessage.CID, 1)
        .put(StoredMessage.PATCH_TS, 1)))
      .compose(v -> mongo.createIndexWithOptions(PATCHES, new JsonObject().put(StoredMessage.EXPIRE_AT, 1),
        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)));
  }

  /** Completes once the store has acknowledged the write. */
  public Future<Void> insert(StoredMessage message) {
    return insert(message, false);
  }

  /**
   * Completes once the store has acknowledged the write.
   *
   * @param receiptRequested the sender asked for a delivered receipt ({@code r: true}): the first receiver ack
   *                         covering the message pushes {@code rcp} ({@link #markDelivered})
   */
  public Future<Void> insert(StoredMessage message, boolean receiptRequested) {
    Future<Void> stored = inserts.insert(message.toDocument());
    if (!receiptRequested) {
      return stored;
    }
    // After the message: a failed insert (a resend's duplicate key) must leave no receipt behind.
    return stored.compose(v -> mongo.insert(PENDING_RECEIPTS, new JsonObject()
      .put(StoredMessage.ID, message.id()).put(StoredMessage.CID, message.cid())
      .put(StoredMessage.FROM, message.from()).put(StoredMessage.TS, message.timestamp())
      .put(StoredMessage.EXPIRE_AT, date(message.expireAt()))).mapEmpty());
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
    JsonObject patch = new JsonObject().put(StoredMessage.CID, patched.cid())
      .put(StoredMessage.PATCH_TS, patched.patchTimestamp()).put(StoredMessage.EXPIRE_AT, date(patched.expireAt()));
    return mongo.updateCollection(COLLECTION, new JsonObject().put(StoredMessage.ID, patched.id()), update)
      .compose(v -> mongo.updateCollectionWithOptions(PATCHES, new JsonObject().put(StoredMessage.ID, patched.id()),
        new JsonObject().put("$set", patch), new UpdateOptions().setUpsert(true)))
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
   * were sent by someone other than {@code receiver} as delivered, each at most once. Only pending receipts are
   * walked (their own small collection, indexed by conversation and time), never the history.
   *
   * @return the receipts this call settled (so exactly one caller pushes each), at most {@code limit}
   */
  public Future<List<PendingReceipt>> markDelivered(String cid, String receiver, long fromTs, long toTs, int limit) {
    JsonObject filter = new JsonObject()
      .put(StoredMessage.CID, cid)
      .put(StoredMessage.TS, new JsonObject().put("$gte", fromTs).put("$lte", toTs))
      .put(StoredMessage.FROM, new JsonObject().put("$ne", receiver));
    FindOptions options = new FindOptions().setSort(new JsonObject().put(StoredMessage.TS, 1)).setLimit(limit);
    return mongo.findWithOptions(PENDING_RECEIPTS, filter, options).compose(docs -> {
      List<Future<PendingReceipt>> settled = new ArrayList<>(docs.size());
      for (JsonObject doc : docs) {
        PendingReceipt receipt = new PendingReceipt(doc.getString(StoredMessage.ID), doc.getString(StoredMessage.CID),
          doc.getString(StoredMessage.FROM));
        // Of two concurrent acks, only one deletes the entry.
        settled.add(mongo.removeDocument(PENDING_RECEIPTS, new JsonObject().put(StoredMessage.ID, receipt.id()))
          .map(result -> result != null && result.getRemovedCount() == 1 ? receipt : null));
      }
      return Future.all(settled).map(all -> {
        List<PendingReceipt> delivered = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          PendingReceipt receipt = all.resultAt(i);
          if (receipt != null) {
            delivered.add(receipt);
          }
        }
        return delivered;
      });
    });
  }

  /** A message whose sender waits for its delivered receipt. */
  public record PendingReceipt(String id, String cid, String from) {
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
