package io.lcim.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.bson.Document;

import com.mongodb.client.MongoCollection;

/**
 * Perf figures of the file store over the wire: insert rate, history page latency and bytes per message on disk.
 * {@code main(messages, conversations)}; also run (small) by {@link PerfSanityTest} and (1M) with
 * {@code -Dstore.bench=true}.
 */
public final class StoreBench {

  record Figures(long messages, double insertsPerSecond, double cpuMicrosPerInsert, double singleInsertsPerSecond,
                 double pageP50Millis, double pageP99Millis, double bytesPerMessage, long fileBytes,
                 double liveBytesPerMessage) {
    @Override
    public String toString() {
      return String.format("%,d messages: %,.0f inserts/s in batches of 1000 (%.0f µs CPU per insert, client and"
        + " server), %,.0f single inserts/s, history page of 20 p50 %.2f ms p99 %.2f ms, %.0f bytes/message on disk"
        + " with indexes (file %,d bytes), %.0f bytes/message of live data", messages, insertsPerSecond,
        cpuMicrosPerInsert, singleInsertsPerSecond, pageP50Millis, pageP99Millis, bytesPerMessage, fileBytes,
        liveBytesPerMessage);
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
      .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    long messages = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int conversations = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path dir = Files.createTempDirectory("store-bench");
    System.out.println(run(dir.resolve("bench.mv.db"), messages, conversations));
  }

  static Figures run(Path file, long messages, int conversations) {
    StoreOptions options = StoreOptions.file(file).withTtlMonitorPeriod(Duration.ZERO);
    MessageWorkload workload = new MessageWorkload(conversations);
    double insertsPerSecond;
    double cpuMicros;
    double singlePerSecond;
    double[] pages;
    long fileBytes;
    long compactedBytes;
    try (StoreFixture store = StoreFixture.indexed(options)) {
      MongoCollection<Document> collection = store.db("bench").getCollection("messages");
      MessageWorkload.createIndexes(collection);
      long started = System.nanoTime();
      long cpuStarted = cpuNanos();
      for (long n = 0; n < messages; n += 1000) {
        collection.insertMany(workload.batch(n, (int) Math.min(1000, messages - n)));
      }
      insertsPerSecond = messages / ((System.nanoTime() - started) / 1e9);
      cpuMicros = (cpuNanos() - cpuStarted) / 1e3 / messages;
      int singles = 3000;
      started = System.nanoTime();
      for (int i = 0; i < singles; i++) {
        collection.insertOne(workload.message(messages + i));
      }
      singlePerSecond = singles / ((System.nanoTime() - started) / 1e9);
      pages = new double[500];
      for (int i = 0; i < pages.length; i++) {
        String cid = MessageWorkload.cid(workload.random().nextInt(conversations));
        long before = MessageWorkload.T0 + (long) (workload.random().nextDouble() * messages);
        long t = System.nanoTime();
        MessageWorkload.page(collection, cid, before);
        pages[i] = (System.nanoTime() - t) / 1e6;
      }
      store.indexedBackend().commit();
      fileBytes = store.indexedBackend().fileSize();
      compactedBytes = store.indexedBackend().liveBytes();
    }
    Arrays.sort(pages);
    return new Figures(messages, insertsPerSecond, cpuMicros, singlePerSecond, pages[pages.length / 2],
      pages[pages.length * 99 / 100], (double) fileBytes / messages, fileBytes, (double) compactedBytes / messages);
  }

  private StoreBench() {
  }
}
