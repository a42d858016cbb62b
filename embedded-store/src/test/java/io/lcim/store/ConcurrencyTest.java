package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

/** Writers, readers, the committer and the TTL monitor at the same time; indexes still match the data. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConcurrencyTest {

  @TempDir
  Path dir;

  @Test
  void concurrentWritesAndReadsKeepIndexesConsistent() throws Exception {
    StoreOptions options = StoreOptions.file(dir.resolve("c.mv.db")).withTtlMonitorPeriod(Duration.ofMillis(50));
    try (StoreFixture store = StoreFixture.indexed(options)) {
      MongoCollection<Document> c = store.db("conc").getCollection("messages");
      MessageWorkload.createIndexes(c);
      ExecutorService threads = Executors.newFixedThreadPool(4);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        work.add(threads.submit(() -> write(c, thread)));
      }
      work.add(threads.submit(() -> read(c)));
      for (Future<?> future : work) {
        future.get();
      }
      threads.shutdown();
      Document validation = store.db("conc").runCommand(new Document("validate", "messages"));
      assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();
      assertThat(c.countDocuments(Filters.lt("expireAt", new java.util.Date(MessageWorkload.T0))))
        .as("expired by the TTL monitor meanwhile").isLessThan(300);
    }
  }

  private static void write(MongoCollection<Document> c, int thread) {
    MessageWorkload workload = new MessageWorkload(5);
    Random random = new Random(thread);
    for (int i = 0; i < 400; i++) {
      Document message = workload.message(thread * 1_000_000L + i);
      if (i % 3 == 0) {
        message.put("expireAt", new java.util.Date(MessageWorkload.T0 - 1000)); // long expired
      }
      c.insertOne(message);
      if (i % 5 == 0) {
        c.updateMany(Filters.and(Filters.eq("cid", MessageWorkload.cid(random.nextInt(5))),
          Filters.gt("ts", MessageWorkload.T0 + thread * 1_000_000L + i - 20)),
          new Document("$set", new Document("lctype", -1 - random.nextInt(3))));
      }
      if (i % 7 == 0) {
        c.deleteMany(Filters.and(Filters.eq("cid", MessageWorkload.cid(random.nextInt(5))),
          Filters.lt("ts", MessageWorkload.T0 + thread * 1_000_000L + i - 100)));
      }
    }
  }

  private static void read(MongoCollection<Document> c) {
    for (int i = 0; i < 300; i++) {
      List<Document> page = c.find(Filters.eq("cid", MessageWorkload.cid(i % 5)))
        .sort(Sorts.descending("ts", "_id")).limit(20).into(new ArrayList<>());
      for (int k = 1; k < page.size(); k++) {
        assertThat(page.get(k - 1).getLong("ts")).isGreaterThanOrEqualTo(page.get(k).getLong("ts"));
      }
      c.countDocuments(Filters.eq("cid", MessageWorkload.cid(i % 5)));
    }
  }
}
