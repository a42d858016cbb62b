package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;

/** The TTL monitor really deletes expired documents, through the normal delete path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TtlTest {

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static List<Object> ids(MongoCollection<Document> collection) {
    return collection.find().sort(new Document("_id", 1)).map(d -> d.get("_id")).into(new ArrayList<>());
  }

  @Test
  void expiredDocumentsDisappearAfterAMonitorPeriod() throws InterruptedException {
    StoreOptions options = StoreOptions.inMemory().withTtlMonitorPeriod(Duration.ofMillis(200));
    try (StoreFixture store = StoreFixture.indexed(options)) {
      MongoCollection<Document> messages = store.db("ttl").getCollection("messages");
      messages.createIndex(new Document("expireAt", 1), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
      messages.createIndex(new Document("cid", 1).append("ts", 1));
      Date past = Date.from(Instant.now().minusSeconds(3600));
      Date future = Date.from(Instant.now().plusSeconds(3600));
      List<Document> documents = new ArrayList<>();
      for (int i = 0; i < 1200; i++) {
        documents.add(new Document("_id", i).append("cid", "c" + i % 4).append("ts", i).append("expireAt", past));
      }
      documents.add(new Document("_id", 2000).append("expireAt", future));
      documents.add(new Document("_id", 2001));
      documents.add(new Document("_id", 2002).append("expireAt", "not a date"));
      documents.add(new Document("_id", 2003).append("expireAt", List.of(past, future)));
      documents.add(new Document("_id", 2004).append("expireAt", List.of(future)));
      messages.insertMany(documents);

      await(() -> messages.countDocuments() == 4, "expired documents are deleted");
      // the pass that deleted the expired documents (arrays by their earliest date) kept these
      assertThat(ids(messages)).containsExactly(2000, 2001, 2002, 2004);
      assertThat(store.db("ttl").runCommand(new Document("validate", "messages")).getBoolean("valid")).isTrue();
    }
  }

  @Test
  void expireAfterSecondsIsCountedFromTheDate() throws InterruptedException {
    StoreOptions options = StoreOptions.inMemory().withTtlMonitorPeriod(Duration.ofMillis(100));
    try (StoreFixture store = StoreFixture.indexed(options)) {
      MongoCollection<Document> sessions = store.db("ttl").getCollection("sessions");
      sessions.createIndex(new Document("createdAt", 1), new IndexOptions().expireAfter(60L, TimeUnit.SECONDS)
        .partialFilterExpression(new Document("kind", "temporary")));
      Instant now = Instant.now();
      sessions.insertMany(List.of(
        new Document("_id", "old").append("createdAt", Date.from(now.minusSeconds(120))).append("kind", "temporary"),
        new Document("_id", "recent").append("createdAt", Date.from(now.minusSeconds(30))).append("kind", "temporary"),
        new Document("_id", "kept").append("createdAt", Date.from(now.minusSeconds(120))).append("kind", "forever")));
      await(() -> sessions.countDocuments(new Document("_id", "old")) == 0, "the old session expires");
      assertThat(ids(sessions)).containsExactly("kept", "recent");
    }
  }

  @Test
  void withoutMonitorNothingExpiresUntilAskedAndShutdownStopsTheThread() throws InterruptedException {
    StoreOptions options = StoreOptions.inMemory().withTtlMonitorPeriod(Duration.ZERO);
    StoreFixture store = StoreFixture.indexed(options);
    MongoCollection<Document> c = store.db("ttl").getCollection("manual");
    c.createIndex(new Document("at", 1), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    c.insertOne(new Document("_id", 1).append("at", Date.from(Instant.now().minusSeconds(10))));
    assertThat(ttlThreads()).isZero();
    assertThat(store.indexedBackend().expireNow()).isEqualTo(1);
    assertThat(c.countDocuments()).isZero();
    store.close();

    StoreFixture monitored = StoreFixture.indexed(StoreOptions.inMemory().withTtlMonitorPeriod(Duration.ofMillis(50)));
    await(() -> ttlThreads() == 1, "the monitor thread runs");
    monitored.close();
    await(() -> ttlThreads() == 0, "shutdown stops the monitor thread");
  }

  private static long ttlThreads() {
    return Thread.getAllStackTraces().keySet().stream()
      .filter(thread -> thread.getName().equals("lcim-store-ttl") && thread.isAlive()).count();
  }
}
