package io.lcim.standalone;

import io.lcim.common.ConfigValues;
import io.lcim.store.EmbeddedStores;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code java -jar im-standalone.jar}: every service in one JVM; configuration comes from the environment (README).
 * {@code --stores-only}: just the embedded Redis and MongoDB-wire store on fixed loopback ports, for service
 * processes started separately on one machine (see scripts/run-cluster.sh).
 * {@code sign …}: print a login or conversation signature ({@link SignCommand}) and exit.
 */
public final class StandaloneMain {

  private static final Logger LOG = LoggerFactory.getLogger(StandaloneMain.class);

  private StandaloneMain() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("sign")) {
      System.exit(SignCommand.run(Arrays.asList(args).subList(1, args.length), System.getenv(), System.out,
        System.err));
    }
    System.setProperty("hazelcast.logging.type", "slf4j");
    AutoCloseable running = Arrays.asList(args).contains("--stores-only")
      ? startStoresOnly(ConfigValues.fromEnvironment())
      : StandaloneServer.start(System.getenv());
    // SIGTERM / Ctrl-C: close in order so embedded stores are flushed and no redis-server is orphaned.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        LOG.warn("Shutdown was not clean", e);
      }
    }, "lcim-shutdown"));
  }

  private static EmbeddedStores startStoresOnly(JsonObject config) {
    Path dataDir = Path.of(ConfigValues.string(config, StandaloneServer.DATA_DIR, "data"));
    EmbeddedStores stores = EmbeddedStores.start(dataDir,
      ConfigValues.integer(config, "IM_STORES_MONGO_PORT", 27017),
      ConfigValues.integer(config, "IM_STORES_REDIS_PORT", 6379));
    LOG.info("Stores only: MONGO_URI={} REDIS_URI={}", stores.mongoUri(), stores.redisUri());
    return stores;
  }
}
