package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The same random queries (and writes) against the stock in-memory backend (which scans) and the indexed backend:
 * results, their order under deterministic sorts, and counts must be identical.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DifferentialTest {

  private static final int CONTENT_CHECK_EVERY = Integer.getInteger("diff.contentCheckEvery", 100);
  private static final long[] NANOS = new long[2];
  private static final java.util.concurrent.ExecutorService SIDE =
    java.util.concurrent.Executors.newSingleThreadExecutor(StoreContext.daemon("differential-stock"));
  private static final long[] RETURNED = new long[2];
  private static String lastWrite;
  private static StoreFixture stock;
  private static StoreFixture indexed;

  @BeforeAll
  static void start() {
    stock = StoreFixture.start(new MemoryBackend());
    indexed = StoreFixture.indexed(StoreOptions.inMemory().withTtlMonitorPeriod(java.time.Duration.ZERO));
  }

  @AfterAll
  static void stop() {
    System.out.printf("differential: stock %d ms, indexed %d ms, %d documents per find%n", NANOS[0] / 1_000_000,
      NANOS[1] / 1_000_000, RETURNED[0] / Math.max(1, RETURNED[1]));
    stock.close();
    indexed.close();
  }

  private static List<Document> indexModels() {
    return List.of(
      new Document("a", 1), new Document("b", 1).append("c", -1).append("_id", 1),
      new Document("c", 1).append("_id", 1), new Document("d", -1).append("_id", -1), new Document("tags", 1),
      new Document("nested.x", 1), new Document("a", 1).append("c", 1).append("_id", 1), new Document("mixed", 1),
      new Document("arr", 1).append("a", 1), new Document("e", -1).append("_id", 1), new Document("pushed", 1));
  }

  private static void createIndexes(MongoCollection<Document> collection, boolean firstHalf) {
    List<Document> models = indexModels();
    for (int i = 0; i < models.size(); i++) {
      if ((i % 2 == 0) == firstHalf) {
        collection.createIndex(models.get(i));
      }
    }
    if (!firstHalf) {
      collection.createIndex(new Document("e", 1), new IndexOptions().sparse(true));
      collection.createIndex(new Document("nested.y", 1), new IndexOptions()
        .partialFilterExpression(new Document("nested.y", new Document("$exists", true))));
      collection.createIndex(new Document("b", 1), new IndexOptions().name("b_partial")
        .partialFilterExpression(new Document("b", new Document("$exists", true))));
    }
  }

  private static MongoCollection<Document>[] setUp(String name, long seed, int documents, RandomDocuments data) {
    @SuppressWarnings("unchecked")
    MongoCollection<Document>[] pair = new MongoCollection[] {
      stock.db("diff").getCollection(name), indexed.db("diff").getCollection(name)};
    List<Document> all = data.documents(documents);
    for (MongoCollection<Document> collection : pair) {
      createIndexes(collection, true);
      collection.insertMany(copies(all));
      createIndexes(collection, false);
    }
    return pair;
  }

  private static List<Document> copies(List<Document> documents) {
    List<Document> copies = new ArrayList<>();
    for (Document document : documents) {
      copies.add(Document.parse(document.toJson()));
    }
    return copies;
  }

  @Test
  void randomQueriesGiveTheSameResults() {
    long seed = 20261204L;
    RandomDocuments data = new RandomDocuments(seed);
    MongoCollection<Document>[] pair = setUp("reads", seed, 600, data);
    RandomQueries queries = new RandomQueries(data);
    for (int i = 0; i < 6500; i++) {
      query(pair, queries, data.random(), "seed " + seed + " query " + i);
    }
  }

  @Test
  void randomWritesKeepIndexesConsistent() {
    long seed = 77L;
    RandomDocuments data = new RandomDocuments(seed);
    MongoCollection<Document>[] pair = setUp("writes", seed, 500, data);
    RandomQueries queries = new RandomQueries(data);
    Random random = data.random();
    for (int i = 0; i < 4000; i++) {
      String where = "seed " + seed + " step " + i;
      if (i % 4 == 0) {
        write(pair, data, queries, random, where);
        if (i % CONTENT_CHECK_EVERY == 0) {
          assertSame(where(pair, c -> c.find().sort(new Document("_id", 1)).into(new ArrayList<>())),
            "contents after " + lastWrite);
        }
      } else {
        query(pair, queries, random, where);
      }
    }
    assertSame(where(pair, c -> c.find().sort(new Document("_id", 1)).into(new ArrayList<>())), "final contents");
    Document validation = indexed.db("diff").runCommand(new Document("validate", "writes"));
    assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();
  }

  private static void query(MongoCollection<Document>[] pair, RandomQueries queries, Random random, String where) {
    Document filter = queries.filter();
    Document sort = queries.sort();
    int skip = sort != null && random.nextInt(3) == 0 ? random.nextInt(20) : 0;
    int limit = sort != null && random.nextInt(2) == 0 ? 1 + random.nextInt(30) : 0;
    String description = where + ": find " + filter.toJson() + " sort " + (sort == null ? "-" : sort.toJson())
      + " skip " + skip + " limit " + limit;
    Outcome[] outcomes = where(pair, c -> {
      FindIterable<Document> found = c.find(filter).skip(skip).limit(limit);
      if (sort != null) {
        found.sort(sort);
      }
      List<Document> result = found.into(new ArrayList<>());
      if (sort == null) {
        result.sort(Comparator.comparing(d -> String.valueOf(d.get("_id")) + d.get("_id").getClass()));
      }
      return result;
    });
    assertSame(outcomes, description);
    if (outcomes[0].value() instanceof List<?> list) {
      RETURNED[0] += list.size();
      RETURNED[1]++;
    }
    if (random.nextInt(4) == 0) {
      assertSame(where(pair, c -> c.countDocuments(filter)), "count " + description);
    }
    if (random.nextInt(10) == 0) {
      CountOptions options = new CountOptions().skip(random.nextInt(10)).limit(1 + random.nextInt(20));
      assertSame(where(pair, c -> c.countDocuments(filter, options)), "count with skip/limit " + description);
    }
    if (random.nextInt(25) == 0) {
      assertSame(where(pair, c -> c.distinct("b", filter, BsonValue.class).into(new ArrayList<>())),
        "distinct " + description);
    }
  }

  /** Random values are drawn before the actions, which run once per backend. */
  private static void write(MongoCollection<Document>[] pair, RandomDocuments data, RandomQueries queries,
                            Random random, String where) {
    Document filter = queries.condition(0);
    Object id = data.value("_id");
    Object a = data.a();
    Object b = data.b();
    Object d = data.d();
    Object tag = data.tag();
    List<Object> tags = data.tags();
    String upsertId = "u" + random.nextInt(200);
    switch (random.nextInt(9)) {
      case 0 -> {
        Document document = data.document();
        assertSameWrite(where(pair, c -> insert(c, Document.parse(document.toJson()))), where + " insert");
      }
      case 1 -> assertSameWrite(where(pair, c -> c.updateMany(filter, new Document("$set", new Document("b", b)))
        .getModifiedCount()), where + " set b where " + filter.toJson());
      case 2 -> assertSameWrite(where(pair, c -> c.updateOne(new Document("_id", id),
        new Document("$inc", new Document("c", 7))).getModifiedCount()), where + " inc c of " + id);
      case 3 -> assertSameWrite(where(pair, c -> c.updateMany(filter,
        new Document("$push", new Document("pushed", tag))).getModifiedCount()), where + " push " + filter);
      case 4 -> assertSameWrite(where(pair, c -> c.updateMany(filter, new Document("$unset", new Document("a", "")))
        .getModifiedCount()), where + " unset a where " + filter.toJson());
      case 5 -> assertSameWrite(where(pair, c -> c.deleteMany(new Document("$and", List.of(filter,
        new Document("a", a)))).getDeletedCount()), where + " delete " + filter.toJson() + " and a " + a);
      case 6 -> {
        Document replacement = data.document();
        replacement.remove("_id");
        assertSameWrite(where(pair, c -> c.replaceOne(new Document("_id", id), Document.parse(replacement.toJson()))
          .getModifiedCount()), where + " replace " + id);
      }
      case 7 -> assertSameWrite(where(pair, c -> c.findOneAndUpdate(filter,
        new Document("$set", new Document("d", d)).append("$inc", new Document("a", 1)),
        new FindOneAndUpdateOptions().sort(new Document("c", 1).append("_id", 1))
          .returnDocument(ReturnDocument.AFTER))), where + " findOneAndUpdate " + filter.toJson());
      default -> assertSameWrite(where(pair, c -> c.updateOne(new Document("_id", upsertId),
        new Document("$set", new Document("a", a).append("tags", tags)),
        new UpdateOptions().upsert(true)).getModifiedCount()), where + " upsert");
    }
  }

  private static void assertSameWrite(Outcome[] outcomes, String description) {
    lastWrite = description;
    if (outcomes[0].error() != null || outcomes[1].error() != null) {
      lastWrite += " (errors: stock " + outcomes[0].value() + ", indexed " + outcomes[1].value() + ")";
    }
    assertSame(outcomes, description);
  }

  private static Object insert(MongoCollection<Document> collection, Document document) {
    collection.insertOne(document);
    return document.get("_id");
  }

  private record Outcome(Object value, Integer error) {
  }

  private static Outcome[] where(MongoCollection<Document>[] pair,
                                 java.util.function.Function<MongoCollection<Document>, Object> action) {
    // the two backends answer at the same time (each has its own server): halves the test's wall time
    java.util.concurrent.Future<Outcome> stockOutcome = SIDE.submit(() -> timed(0, () -> action.apply(pair[0])));
    Outcome[] outcomes = new Outcome[2];
    outcomes[1] = timed(1, () -> action.apply(pair[1]));
    try {
      outcomes[0] = stockOutcome.get();
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
    return outcomes;
  }

  private static Outcome timed(int side, Supplier<Object> action) {
    long started = System.nanoTime();
    try {
      return attempt(action);
    } finally {
      NANOS[side] += System.nanoTime() - started;
    }
  }

  private static Outcome attempt(Supplier<Object> action) {
    try {
      return new Outcome(action.get(), null);
    } catch (MongoException e) {
      return new Outcome(e.getMessage(), e.getCode());
    }
  }

  private static void assertSame(Outcome[] outcomes, String description) {
    if (outcomes[0].error() != null || outcomes[1].error() != null) {
      assertThat(outcomes[1].error()).as("error code, %s: stock %s, indexed %s", description, outcomes[0].value(),
        outcomes[1].value()).isEqualTo(outcomes[0].error());
      return;
    }
    if (!java.util.Objects.equals(outcomes[1].value(), outcomes[0].value())) {
      throw new AssertionError(description + "\n" + difference(outcomes[0].value(), outcomes[1].value()));
    }
  }

  private static String limit(List<Object> values) {
    return values.size() <= 5 ? values.toString() : values.subList(0, 5) + " and " + (values.size() - 5) + " more";
  }

  private static String difference(Object stockValue, Object indexedValue) {
    if (stockValue instanceof List<?> expected && indexedValue instanceof List<?> actual) {
      int i = 0;
      while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
        i++;
      }
      List<Object> onlyStock = new ArrayList<>(expected);
      onlyStock.removeAll(actual);
      List<Object> onlyIndexed = new ArrayList<>(actual);
      onlyIndexed.removeAll(expected);
      return "only in stock " + limit(onlyStock) + "\nonly in indexed " + limit(onlyIndexed) + "\n"
        + "stock " + expected.size() + " results, indexed " + actual.size() + "; first difference at " + i
        + ": stock " + (i < expected.size() ? expected.get(i) : "-") + " / indexed "
        + (i < actual.size() ? actual.get(i) : "-");
    }
    return "stock " + stockValue + " / indexed " + indexedValue;
  }
}
