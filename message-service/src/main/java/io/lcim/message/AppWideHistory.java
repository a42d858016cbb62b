package io.lcim.message;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * History across every conversation of the app ({@code GET /1.2/rtm/messages}, the export path): a
 * {@link HistoryQuery} without its conversation term, so the cursors, the {@code (timestamp, id)} order and the
 * expiry filter are the ones {@link MessageStore#page} applies to one conversation.
 */
final class AppWideHistory {

  private final MongoClient mongo;

  AppWideHistory(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** The index a page across conversations walks; creating it again is a no-op. */
  Future<Void> ensureIndex() {
    return mongo.createIndex(MessageStore.COLLECTION,
      new JsonObject().put(StoredMessage.TS, 1).put(StoredMessage.ID, 1));
  }

  /** One page, oldest first like {@link MessageStore#page}; the query's cid is ignored. */
  Future<List<StoredMessage>> page(HistoryQuery query, Instant now) {
    if (query.limit() <= 0) {
      return Future.succeededFuture(List.of());
    }
    JsonObject filter = query.filter(now);
    filter.remove(StoredMessage.CID);
    FindOptions options = new FindOptions().setSort(query.sort()).setLimit(query.limit());
    return mongo.findWithOptions(MessageStore.COLLECTION, filter, options).map(docs -> {
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
}
