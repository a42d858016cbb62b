package io.lcim.store;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MVStore shared by all databases of one backend, and the rule that keeps every commit consistent.
 *
 * <p>MVStore commits whatever its maps hold at that instant. A document write touches the data map and every index
 * map, so automatic commits are off: each document write holds the shared side of {@link #commitLock}, and the
 * committer thread takes the exclusive side to commit. A commit therefore never contains half a document write, and
 * after a {@code kill -9} the file reopens with data and indexes in step (losing at most the last second).
 */
final class StoreContext implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreContext.class);

  static final String DATA_PREFIX = "d.";
  static final String INDEX_PREFIX = "x.";
  private static final String META_MAP = "lcim.meta";
  private static final String FORMAT_KEY = "format";
  private static final String FORMAT = "lcim-indexed-1";
  private static final long COMMIT_PERIOD_MS = 1000;
  private static final long COMPACT_PERIOD_MS = 30_000;

  final StoreOptions options;
  final MVStore mvStore;
  final MVMap<String, String> meta;
  final Set<IndexedCollection> collections = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
  private final ScheduledExecutorService committer;
  private volatile boolean closed;

  private StoreContext(StoreOptions options, MVStore mvStore) {
    this.options = options;
    this.mvStore = mvStore;
    this.meta = mvStore.openMap(META_MAP, new MVMap.Builder<String, String>()
      .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
    checkFormat();
    if (mvStore.getFileStore() != null) {
      committer = Executors.newSingleThreadScheduledExecutor(daemon("lcim-store-commit"));
      committer.scheduleWithFixedDelay(this::commitQuietly, COMMIT_PERIOD_MS, COMMIT_PERIOD_MS, TimeUnit.MILLISECONDS);
      committer.scheduleWithFixedDelay(this::compactQuietly, COMPACT_PERIOD_MS, COMPACT_PERIOD_MS,
        TimeUnit.MILLISECONDS);
    } else {
      committer = null;
    }
  }

  static StoreContext open(StoreOptions options) {
    MVStore.Builder builder = new MVStore.Builder().cacheSize(cacheMegabytes());
    if (options.file() != null) {
      LOG.info("opening indexed store in '{}'", options.file());
      // no automatic commits: see the class comment
      builder.fileName(options.file().toString()).autoCommitDisabled().autoCommitBufferSize(0);
      if (options.compress()) {
        builder.compress();
      }
    } else {
      LOG.info("opening in-memory indexed store");
    }
    MVStore mvStore = builder.open();
    if (mvStore.getFileStore() != null) {
      // Starts MVStore's background thread and its serialisation executor, so that a commit only captures the map
      // roots and writes them asynchronously. With this delay the thread itself never commits.
      mvStore.setAutoCommitDelay(Integer.MAX_VALUE);
    }
    return new StoreContext(options, mvStore);
  }

  /** MVStore's page cache: a sixteenth of the heap within [16, 128] MB, or {@code -Dlcim.store.cacheMb}. */
  static int cacheMegabytes() {
    long heapMegabytes = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    int adaptive = (int) Math.max(16, Math.min(128, heapMegabytes / 16));
    return Integer.getInteger("lcim.store.cacheMb", adaptive);
  }

  private void checkFormat() {
    String format = meta.get(FORMAT_KEY);
    if (format == null) {
      boolean stock = mvStore.getMapNames().stream().anyMatch(name -> name.startsWith("databases."));
      if (stock) {
        throw new IllegalStateException("'" + options.file() + "' was written by mongo-java-server's stock H2Backend;"
          + " IndexedH2Backend stores documents and indexes in its own format and cannot read it");
      }
      meta.put(FORMAT_KEY, FORMAT);
    } else if (!format.equals(FORMAT)) {
      throw new IllegalStateException("unknown store format '" + format + "' in '" + options.file() + "'");
    }
  }

  /** The names of the databases that have data in the store. */
  Set<String> databaseNames() {
    Set<String> names = new TreeSet<>();
    for (String mapName : mvStore.getMapNames()) {
      if (mapName.startsWith(DATA_PREFIX)) {
        String rest = mapName.substring(DATA_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot > 0) {
          names.add(rest.substring(0, dot));
        }
      }
    }
    return names;
  }

  MVMap<Long, byte[]> openDataMap(String fullCollectionName) {
    return mvStore.openMap(dataMapName(fullCollectionName), new MVMap.Builder<Long, byte[]>()
      .keyType(StoreTypes.PositionType.INSTANCE).valueType(StoreTypes.BsonType.INSTANCE));
  }

  MVMap<byte[], Boolean> openIndexMap(String name) {
    return mvStore.openMap(name, new MVMap.Builder<byte[], Boolean>()
      .keyType(StoreTypes.IndexKeyType.INSTANCE).valueType(StoreTypes.PresentType.INSTANCE));
  }

  static String dataMapName(String fullCollectionName) {
    return DATA_PREFIX + fullCollectionName;
  }

  /** Collection names cannot contain '$', so the index name after it is unambiguous. */
  static String indexMapName(String fullCollectionName, String indexName) {
    return INDEX_PREFIX + fullCollectionName + "$" + indexName;
  }

  /** Runs one document write (data and index maps) so that no commit sees half of it. */
  <T> T write(Supplier<T> change) {
    Lock lock = commitLock.readLock();
    lock.lock();
    try {
      return change.get();
    } finally {
      lock.unlock();
    }
  }

  void write(Runnable change) {
    write(() -> {
      change.run();
      return null;
    });
  }

  /** Commits everything written so far and waits until it is in the file (a no-op for an in-memory store). */
  void commit() {
    commitAsync();
    if (mvStore.getFileStore() != null && !mvStore.isClosed()) {
      mvStore.executeFilestoreOperation(() -> { }); // waits for the queued serialisation and write
    }
  }

  /** Captures a consistent version to commit; MVStore serialises and writes it on its own thread. */
  private void commitAsync() {
    if (mvStore.getFileStore() == null || mvStore.isClosed()) {
      return;
    }
    Lock lock = commitLock.writeLock();
    lock.lock();
    try {
      persistCounters();
      if (mvStore.tryCommit() < 0 && mvStore.hasUnsavedChanges()) {
        mvStore.commit();
      }
    } finally {
      lock.unlock();
    }
  }

  private void persistCounters() {
    for (IndexedCollection collection : collections) {
      collection.persistCounters();
    }
  }

  private void commitQuietly() {
    try {
      commitAsync();
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.error("commit of the indexed store failed", e);
      }
    }
  }

  private void compactQuietly() {
    try {
      if (!mvStore.isClosed()) {
        mvStore.compact(80, 16 * 1024 * 1024);
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("compaction of the indexed store failed", e);
      }
    }
  }

  /** An estimate of the bytes of live pages in the file: its size times the fill rates of blocks and chunks. */
  long liveBytes() {
    FileStore<?> fileStore = mvStore.getFileStore();
    if (fileStore == null || mvStore.isClosed()) {
      return 0;
    }
    return fileStore.size() * fileStore.getFillRate() / 100 * fileStore.getChunksFillRate() / 100;
  }

  /** Bytes of the file (0 in memory). */
  long fileSize() {
    return mvStore.getFileStore() == null ? 0 : mvStore.getFileStore().size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (committer != null) {
      committer.shutdown();
      try {
        committer.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Lock lock = commitLock.writeLock();
    lock.lock();
    try {
      if (!mvStore.isClosed()) {
        persistCounters();
        mvStore.close();
      }
    } finally {
      lock.unlock();
    }
    LOG.info("closed indexed store{}", options.file() == null ? "" : " '" + options.file() + "'");
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
