package io.lcim.store;

import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real Redis (the binary shipped by embedded-redis) and a MongoDB-wire store (mongo-java-server with our indexed
 * backend, {@link IndexedH2Backend}) on loopback, for the standalone server and for tests. Blocking: start and close
 * them outside event loops.
 *
 * <p>In-memory stores (tests) run with {@code notablescan}: a query that no index serves fails, as it would scan on
 * a real MongoDB. The TTL monitor deletes expired documents, but like MongoDB's only every so often, so readers
 * still enforce expiry themselves.
 */
public final class EmbeddedStores implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStores.class);

  private final RedisServer redis;
  private final int redisPort;
  private final MongoServer mongo;
  private final IndexedH2Backend backend;
  private final String mongoUri;

  private EmbeddedStores(RedisServer redis, int redisPort, MongoServer mongo, IndexedH2Backend backend,
                         String mongoUri) {
    this.redis = redis;
    this.redisPort = redisPort;
    this.mongo = mongo;
    this.backend = backend;
    this.mongoUri = mongoUri;
  }

  /** In-memory MongoDB-wire store (with notablescan) and Redis: nothing survives close. For tests. */
  public static EmbeddedStores startInMemory() {
    return start(null, true, true);
  }

  /** The options of the MongoDB-wire store: a file store, or an in-memory one with notablescan (tests). */
  static StoreOptions storeOptions(Path dataDir) {
    return dataDir == null ? StoreOptions.inMemory().withNotablescan(true)
      : StoreOptions.file(dataDir.resolve(STORE_FILE).toAbsolutePath());
  }

  /** The store's file under the data directory (the stock H2 backend's old file, mongo.mv, is not read). */
  static final String STORE_FILE = "lcim-store.mv";
  private static final String OLD_STORE_FILE = "mongo.mv";

  /**
   * @param dataDir where the MongoDB-wire store keeps its file (created if missing), or null for memory only
   * @param withMongo start the MongoDB-wire store
   * @param withRedis start Redis
   */
  public static EmbeddedStores start(Path dataDir, boolean withMongo, boolean withRedis) {
    return start(dataDir, withMongo ? 0 : -1, withRedis ? 0 : -1);
  }

  /**
   * @param mongoPort port of the MongoDB-wire store: 0 for any free port, negative for none
   * @param redisPort port of Redis: 0 for any free port, negative for none
   */
  public static EmbeddedStores start(Path dataDir, int mongoPort, int redisPort) {
    boolean withMongo = mongoPort >= 0;
    boolean withRedis = redisPort >= 0;
    RedisServer redis = null;
    MongoServer mongo = null;
    IndexedH2Backend backend = null;
    String mongoUri = null;
    try {
      if (withRedis) {
        redisPort = redisPort == 0 ? freePort() : redisPort;
        redis = RedisServer.newRedisServer()
          .port(redisPort)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("protected-mode yes")
          .build();
        redis.start();
      }
      if (withMongo) {
        if (dataDir != null) {
          Files.createDirectories(dataDir);
          if (Files.exists(dataDir.resolve(OLD_STORE_FILE)) && !Files.exists(dataDir.resolve(STORE_FILE))) {
            LOG.warn("{} holds data of the old embedded store format ({}), which this version does not read: "
              + "starting with an empty store in {}", dataDir, OLD_STORE_FILE, STORE_FILE);
          }
        }
        backend = new IndexedH2Backend(storeOptions(dataDir));
        mongo = new MongoServer(backend);
        mongo.bind("127.0.0.1", mongoPort);
        InetSocketAddress address = mongo.getLocalAddress();
        mongoUri = "mongodb://127.0.0.1:" + address.getPort();
      }
      LOG.info("Embedded stores started: redis port {}, mongo {}{}", redisPort, mongoUri,
        dataDir == null ? " (memory)" : " (data in " + dataDir.toAbsolutePath() + ")");
      return new EmbeddedStores(redis, redisPort, mongo, backend, mongoUri);
    } catch (IOException | RuntimeException e) {
      new EmbeddedStores(redis, redisPort, mongo, backend, mongoUri).close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  public String redisUri() {
    return redis == null ? null : "redis://127.0.0.1:" + redisPort;
  }

  public String mongoUri() {
    return mongoUri;
  }

  /** Stops both stores; the H2 file is flushed and closed so that a restart finds every document. */
  @Override
  public void close() {
    if (mongo != null) {
      try {
        mongo.shutdown();
      } catch (RuntimeException e) {
        LOG.warn("Embedded MongoDB-wire store did not shut down cleanly", e);
      }
    }
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Embedded Redis did not stop cleanly", e);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
