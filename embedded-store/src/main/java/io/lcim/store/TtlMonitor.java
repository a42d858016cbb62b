package io.lcim.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * Deletes expired documents, like MongoDB's TTL monitor: every period, for each single-field index with
 * {@code expireAfterSeconds}, documents whose date in that field (or earliest date, for arrays) is older than
 * now - expireAfterSeconds. It deletes through the collection's normal delete path, planned on the TTL index, in
 * bounded batches so writers get the collection between batches. Runs on its own daemon thread.
 */
final class TtlMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TtlMonitor.class);
  static final int BATCH = 500;

  private final StoreContext context;
  private final Clock clock;
  private final Supplier<Oplog> oplog;
  private ScheduledExecutorService executor;
  private volatile boolean stopping;

  TtlMonitor(StoreContext context, Clock clock, Supplier<Oplog> oplog) {
    this.context = context;
    this.clock = clock;
    this.oplog = oplog;
  }

  /** Runs a pass every {@code period} on a daemon thread of its own (never a Netty event loop). */
  synchronized void start(Duration period) {
    if (executor == null) {
      executor = Executors.newSingleThreadScheduledExecutor(StoreContext.daemon("lcim-store-ttl"));
      long millis = Math.max(1, period.toMillis());
      executor.scheduleWithFixedDelay(this::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  private void runQuietly() {
    try {
      long deleted = runOnce();
      if (deleted > 0) {
        LOG.info("TTL monitor deleted {} expired documents", deleted);
      }
    } catch (RuntimeException e) {
      if (!stopping) {
        LOG.error("TTL monitor pass failed", e);
      }
    }
  }

  /** One pass over every TTL index; returns the number of documents deleted. */
  long runOnce() {
    long deleted = 0;
    Instant now = Instant.now(clock);
    for (IndexedCollection collection : List.copyOf(context.collections)) {
      for (BTreeIndex index : collection.btreeIndexes()) {
        Long expireAfterSeconds = index.expireAfterSeconds();
        if (expireAfterSeconds != null && index.fieldCount() == 1 && !stopping) {
          deleted += expire(collection, index, now.minusSeconds(expireAfterSeconds));
        }
      }
    }
    return deleted;
  }

  private long expire(IndexedCollection collection, BTreeIndex index, Instant cutoff) {
    Document filter = new Document(index.path(0), new Document("$lt", cutoff));
    if (index.partialFilter() != null) {
      filter = new Document("$and", List.of(filter, index.partialFilter()));
    }
    long deleted = 0;
    int batch;
    do {
      batch = collection.deleteDocuments(filter, BATCH, oplog.get());
      deleted += batch;
    } while (batch == BATCH && !stopping && !context.mvStore.isClosed());
    return deleted;
  }

  @Override
  public synchronized void close() {
    stopping = true;
    if (executor == null) {
      return;
    }
    // never interrupt: an interrupted thread reading the store file closes its FileChannel under MVStore
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
