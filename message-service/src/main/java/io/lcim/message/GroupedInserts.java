package io.lcim.message;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inserts into one collection with group commit: while a write is in flight, new documents queue, and the next write
 * takes everything queued (up to {@link #MAX_BATCH}) as one unordered bulk insert. An idle store sees single inserts
 * at once; a busy one sees one round trip per batch instead of one per document, which is most of a message's cost.
 *
 * <p>Each document's future completes on its own outcome: a duplicate key (E11000) fails only that document, with
 * the driver's {@link BulkWriteError} code, so {@link io.lcim.common.Stores#isDuplicateKey} still recognises it.
 */
final class GroupedInserts {

  static final int MAX_BATCH = 256;
  /** Writes in flight at once: the store serialises writes to a collection, so more would only queue there. */
  private static final int MAX_IN_FLIGHT = 2;

  private final MongoClient mongo;
  private final String collection;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  private record Pending(JsonObject document, Promise<Void> stored) {
  }

  GroupedInserts(MongoClient mongo, String collection) {
    this.mongo = mongo;
    this.collection = collection;
  }

  /** Completes once the store has acknowledged this document's insert. */
  Future<Void> insert(JsonObject document) {
    Promise<Void> stored = Promise.promise();
    List<Pending> batch;
    synchronized (this) {
      queue.add(new Pending(document, stored));
      batch = takeBatch();
    }
    if (batch != null) {
      write(batch);
    }
    return stored.future();
  }

  /** The next batch to write, or null when enough writes are in flight or nothing waits. Holds the lock. */
  private List<Pending> takeBatch() {
    if (inFlight >= MAX_IN_FLIGHT || queue.isEmpty()) {
      return null;
    }
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    inFlight++;
    return batch;
  }

  private void write(List<Pending> batch) {
    Future<?> written;
    if (batch.size() == 1) {
      written = mongo.insert(collection, batch.get(0).document());
    } else {
      List<BulkOperation> inserts = new ArrayList<>(batch.size());
      batch.forEach(pending -> inserts.add(BulkOperation.createInsert(pending.document())));
      written = mongo.bulkWriteWithOptions(collection, inserts, new BulkWriteOptions(false));
    }
    written.onComplete(result -> {
      try {
        settle(batch, result.cause());
      } catch (RuntimeException e) {
        // Never leave a document unanswered, nor the queue stalled behind this batch.
        batch.forEach(pending -> pending.stored().tryFail(e));
      }
      List<Pending> next;
      synchronized (this) {
        inFlight--;
        next = takeBatch();
      }
      if (next != null) {
        write(next);
      }
    });
  }

  private static void settle(List<Pending> batch, Throwable failure) {
    if (failure == null) {
      batch.forEach(pending -> pending.stored().tryComplete());
      return;
    }
    MongoBulkWriteException bulk = bulkFailure(failure);
    if (batch.size() > 1 && bulk != null) {
      // Unordered: every document without an error of its own was stored.
      Map<Integer, BulkWriteError> errors = new HashMap<>();
      bulk.getWriteErrors().forEach(error -> errors.put(error.getIndex(), error));
      for (int i = 0; i < batch.size(); i++) {
        BulkWriteError error = errors.get(i);
        if (error == null) {
          batch.get(i).stored().tryComplete();
        } else {
          batch.get(i).stored().tryFail(new MongoWriteException(error, bulk.getServerAddress(), Set.of()));
        }
      }
      return;
    }
    batch.forEach(pending -> pending.stored().tryFail(failure));
  }

  private static MongoBulkWriteException bulkFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MongoBulkWriteException bulk) {
        return bulk;
      }
    }
    return null;
  }
}
