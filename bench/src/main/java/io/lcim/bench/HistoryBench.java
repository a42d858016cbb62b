package io.lcim.bench;

import io.lcim.store.EmbeddedStores;
import io.lcim.common.StoresConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures {@code logs} (history) pages through the real message-service path; not a test, a tool whose figures go
 * into BENCHMARKS.md. Fills one conversation with {@code --single} messages, then {@code --conversations}
 * conversations with {@code --per-conversation} messages each, and prints p50/p99 per kind of page as a Markdown
 * table on stdout (progress goes to stderr).
 *
 * <p>Run: {@code java -jar bench/target/lcim-bench.jar [--single=N] [--conversations=N] [--per-conversation=N]
 * [--samples=N] [--warmup=N] [--batch=N] [--page=N] [--database=NAME]}, with {@code MONGO_URI} set to measure a
 * real MongoDB (otherwise the embedded MongoDB-wire store is used).
 */
public final class HistoryBench {

  private HistoryBench() {
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    boolean embeddedMongo = options.mongoUri() == null;
    EmbeddedStores embedded = embeddedMongo || options.redisUri() == null
      ? EmbeddedStores.start(null, embeddedMongo, options.redisUri() == null)
      : null;
    Vertx vertx = Vertx.vertx();
    try {
      String mongoUri = embeddedMongo ? embedded.mongoUri() : options.mongoUri();
      String redisUri = options.redisUri() == null ? embedded.redisUri() : options.redisUri();
      List<HistoryScenario> scenarios = new ArrayList<>();
      if (options.single() > 0) {
        scenarios.add(new HistoryScenario(String.format(Locale.ROOT, "1 conversation × %,d", options.single()),
          SyntheticHistory.of("bench-single", 1, options.single()), options,
          serviceConfig(mongoUri, redisUri, options.database() + "-single")));
      }
      if (options.conversations() > 0) {
        scenarios.add(new HistoryScenario(String.format(Locale.ROOT, "%,d conversations × %,d",
          options.conversations(), options.perConversation()),
          SyntheticHistory.of("bench-many", options.conversations(), options.perConversation()), options,
          serviceConfig(mongoUri, redisUri, options.database() + "-many")));
      }
      List<Latencies> results = new ArrayList<>();
      for (HistoryScenario scenario : scenarios) {
        results.addAll(scenario.run(vertx));
      }
      System.out.println(report(options, embeddedMongo, scenarios, results));
    } finally {
      Blocking.await(vertx.close());
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static JsonObject serviceConfig(String mongoUri, String redisUri, String database) {
    return new JsonObject()
      .put(StoresConfig.MONGO_URI, mongoUri)
      .put(StoresConfig.MONGO_DB, database)
      .put(StoresConfig.REDIS_URI, redisUri);
  }

  private static String report(BenchOptions options, boolean embeddedMongo, List<HistoryScenario> scenarios,
                               List<Latencies> results) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "History paging (logs, l=%d), %s%n%n", options.page(), LocalDate.now()));
    out.append("Store: ").append(embeddedMongo
      ? "embedded mongo-java-server, in-memory backend (no secondary indexes: every query scans the collection)"
      : "MongoDB at MONGO_URI").append('\n');
    out.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB; %d measured pages per case "
        + "after %d warm-up pages, one at a time%n%n", Runtime.getRuntime().availableProcessors(),
      System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, options.samples(),
      options.warmup()));
    for (HistoryScenario scenario : scenarios) {
      HistoryScenario.Fill fill = scenario.fill();
      out.append(String.format(Locale.ROOT, "Fill: %,d messages in %.1f s (%,.0f messages/s, batches of %,d)%n",
        fill.messages(), fill.seconds(), fill.messages() / fill.seconds(), options.batch()));
    }
    out.append("\n| scenario | page | p50 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|\n");
    for (Latencies latencies : results) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", latencies.scenario(),
        latencies.name(), latencies.percentileMillis(0.5), latencies.percentileMillis(0.99),
        latencies.maxMillis()));
    }
    return out.toString();
  }
}
