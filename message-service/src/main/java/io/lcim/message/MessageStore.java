package io.lcim.message;

import io.vertx.core.Future;
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

  private final MongoClient mongo;

  public MessageStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /**
   * The history indexes (a page is one index range walk, with or without a type filter) and the TTL index that
   * lets MongoDB delete messages at {@code expireAt}. Creating existing indexes again is a no-op.
   */
  public Future<Void> ensureIndexes() {
    // One at a time: createIndexes (plural) of vertx-mongo-client 5.0.7 fails with "keys can not be null".
    return mongo.createIndex(COLLECTION, new JsonObject()
        .put(StoredMessage.CID, 1).put(StoredMessage.TS, 1).put(StoredMessage.ID, 1))
      .compose(v -> mongo.createIndex(COLLECTION, new JsonObject()
        .put(StoredMessage.CID, 1).put(StoredMessage.LCTYPE, 1).put(StoredMessage.TS, 1).put(StoredMessage.ID, 1)))
      .compose(v -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put(StoredMessage.EXPIRE_AT, 1),
        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)));
  }

  /** Completes once the store has acknowledged the write. */
  public Future<Void> insert(StoredMessage message) {
    return mongo.insert(COLLECTION, message.toDocument()).mapEmpty();
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
