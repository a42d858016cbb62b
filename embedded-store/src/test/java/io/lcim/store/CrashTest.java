package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoCollection;

/**
 * A child JVM writes continuously and gets {@code kill -9}; the reopened file has every index matching the data
 * (each commit holds whole document writes only).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashTest {

  @TempDir
  Path dir;

  @Test
  void indexesMatchTheDataAfterKillNine() throws Exception {
    Path file = dir.resolve("crash.mv.db");
    long documents = 0;
    for (int round = 1; round <= 2; round++) {
      long written = writeAndKill(file, round);
      try (StoreFixture store = StoreFixture.indexed(StoreOptions.file(file).withTtlMonitorPeriod(Duration.ZERO))) {
        MongoCollection<Document> c = store.db("crash").getCollection(CrashWriter.COLLECTION);
        Document validation = store.db("crash").runCommand(new Document("validate", CrashWriter.COLLECTION));
        assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();
        assertThat(c.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()))
          .containsExactlyInAnyOrderElementsOf(CrashWriter.indexNames());
        long count = c.countDocuments();
        System.out.printf("crash round %d: %d operations before kill -9, %d documents after reopen%n", round,
          written, count);
        assertThat(count).isGreaterThan(documents);
        documents = count;
        // indexed answers equal what a scan finds
        List<Document> all = c.find().into(new ArrayList<>());
        for (String b : List.of("s01", "s05", "s11")) {
          assertThat(c.countDocuments(new Document("b", b)))
            .isEqualTo(all.stream().filter(d -> b.equals(d.get("b"))).count());
        }
        assertThat(c.countDocuments(new Document("k", new Document("$exists", true))))
          .isEqualTo(all.stream().filter(d -> d.containsKey("k")).count());
      }
    }
  }

  /** Starts the writer, lets it run past a few commits, kills it; returns the operations it reported. */
  private static long writeAndKill(Path file, long seed) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
      CrashWriter.class.getName(), file.toString(), Long.toString(seed));
    builder.redirectError(new File(file + ".stderr." + seed));
    Process process = builder.start();
    long written = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
      StandardCharsets.UTF_8))) {
      long startedAt = 0;
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals("started")) {
          startedAt = System.nanoTime();
        } else if (line.startsWith("written ")) {
          written = Long.parseLong(line.substring("written ".length()));
          // well past the first commits (every second), and in the middle of writing
          if (startedAt > 0 && System.nanoTime() - startedAt > TimeUnit.MILLISECONDS.toNanos(3500)) {
            break;
          }
        }
      }
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(written).as("the writer ran (see " + file + ".stderr." + seed + ")").isPositive();
    return written;
  }
}
