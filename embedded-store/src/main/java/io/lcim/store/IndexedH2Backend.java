package io.lcim.store;

import java.time.Clock;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.exception.MongoServerException;

/**
 * A mongo-java-server backend on an H2 MVStore with real indexes: single, compound, multikey, sparse, unique and
 * partial ({@code $exists: true}) indexes kept as ordered maps in the same store as the documents, a query
 * planner behind every selection (find, count, update, delete, findAndModify, distinct, an aggregation's leading
 * {@code $match}), an optional notablescan mode, a TTL monitor that deletes expired documents, and an
 * {@code explain} command.
 *
 * <p>{@code new MongoServer(new IndexedH2Backend(options)).bind(host, port)} is a complete store; shutting the
 * server down commits and closes the file and stops the background threads.
 */
public final class IndexedH2Backend extends AbstractMongoBackend {

  private static final Logger LOG = LoggerFactory.getLogger(IndexedH2Backend.class);

  private final StoreContext context;
  private final TtlMonitor ttlMonitor;

  public IndexedH2Backend(StoreOptions options) {
    this(options, defaultClock());
  }

  /** With a clock for the TTL monitor and the server's status (tests). */
  public IndexedH2Backend(StoreOptions options, Clock clock) {
    super(clock);
    this.context = StoreContext.open(options);
    try {
      for (String databaseName : context.databaseNames()) {
        LOG.info("opening database '{}'", databaseName);
        resolveDatabase(databaseName);
      }
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
    this.ttlMonitor = new TtlMonitor(context, clock, () -> oplog);
    if (!options.ttlMonitorPeriod().isZero()) {
      ttlMonitor.start(options.ttlMonitorPeriod());
    }
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    if (context.mvStore.isClosed()) {
      throw new MongoServerException("the store is closed");
    }
    return new IndexedDatabase(databaseName, context, getCursorRegistry());
  }

  public StoreOptions options() {
    return context.options;
  }

  /** Writes everything stored so far to the file now (it happens every second anyway). */
  public void commit() {
    context.commit();
  }

  /** Runs one TTL monitor pass now; returns how many documents it deleted. */
  public long expireNow() {
    return ttlMonitor.runOnce();
  }

  /** The size of the store file in bytes, after a commit (0 for an in-memory store). */
  public long fileSize() {
    context.commit();
    return context.fileSize();
  }

  /**
   * An estimate of the bytes of live data in the file, after a commit (the file also holds chunks of older
   * versions until they are reused; a background compaction rewrites sparse chunks every 30 s).
   */
  public long liveBytes() {
    context.commit();
    return context.liveBytes();
  }

  StoreContext context() {
    return context;
  }

  /** Database names with data in the store. */
  public Set<String> storedDatabaseNames() {
    return context.databaseNames();
  }

  @Override
  public void close() {
    ttlMonitor.close();
    super.close();
    context.close();
  }

  @Override
  public String toString() {
    return "IndexedH2Backend[" + (context.options.file() == null ? "inMemory" : context.options.file()) + "]";
  }
}
