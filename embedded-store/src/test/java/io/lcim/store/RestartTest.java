package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;

/** A file store keeps documents, indexes and their options across a shutdown and reopen. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RestartTest {

  @TempDir
  Path dir;

  private StoreOptions options() {
    return StoreOptions.file(dir.resolve("store.mv.db")).withTtlMonitorPeriod(Duration.ZERO);
  }

  private static final List<Document> QUERIES = List.of(
    new Document("a", 5), new Document("b", "s03").append("c", new Document("$gt", RandomDocuments.TS + 500_000)),
    new Document("tags", "red"), new Document("nested.x", new Document("$in", List.of(1, 2))),
    new Document("e", new Document("$exists", true)), new Document("arr", 3).append("a", new Document("$lt", 9)),
    new Document("$or", List.of(new Document("a", 1), new Document("tags", "cyan"))));

  private static List<List<Document>> answers(MongoCollection<Document> collection) {
    List<List<Document>> answers = new ArrayList<>();
    for (Document query : QUERIES) {
      answers.add(collection.find(query).sort(new Document("_id", 1)).into(new ArrayList<>()));
    }
    return answers;
  }

  /** What the queries return by reading every document and filtering in the test. */
  private static List<List<Document>> scanned(MongoCollection<Document> collection) {
    List<Document> all = collection.find().sort(new Document("$natural", 1)).into(new ArrayList<>());
    assertThat(all).isNotEmpty();
    List<List<Document>> answers = new ArrayList<>();
    for (Document query : QUERIES) {
      List<Object> ids = collection.find(query).map(d -> d.get("_id")).into(new ArrayList<>());
      answers.add(all.stream().filter(d -> ids.contains(d.get("_id")))
        .sorted((x, y) -> compareIds(x.get("_id"), y.get("_id"))).toList());
    }
    return answers;
  }

  private static int compareIds(Object x, Object y) {
    if (x instanceof Integer i && y instanceof Integer j) {
      return Integer.compare(i, j);
    }
    return x instanceof Integer ? -1 : y instanceof Integer ? 1 : x.toString().compareTo(y.toString());
  }

  @Test
  void indexesAndDataSurviveARestart() {
    RandomDocuments data = new RandomDocuments(5);
    List<List<Document>> before;
    List<Document> indexesBefore;
    long countBefore;
    try (StoreFixture store = StoreFixture.indexed(options())) {
      MongoCollection<Document> c = store.db("r").getCollection("docs");
      c.createIndex(new Document("a", 1));
      c.createIndex(new Document("b", 1).append("c", -1));
      c.createIndex(new Document("tags", 1));
      c.createIndex(new Document("nested.x", 1), new IndexOptions().sparse(true));
      c.createIndex(new Document("e", 1), new IndexOptions().expireAfter(3650L, TimeUnit.DAYS)
        .partialFilterExpression(new Document("e", new Document("$exists", true))));
      c.insertMany(data.documents(3000));
      c.createIndex(new Document("arr", 1).append("a", 1));
      c.updateMany(Filters.eq("a", 3), new Document("$set", new Document("tags", List.of("red", "new"))));
      c.deleteMany(Filters.eq("b", "s07"));
      c.insertOne(new Document("_id", "unique-owner").append("k", 1));
      c.createIndex(new Document("k", 1), new IndexOptions().unique(true).sparse(true));
      before = answers(c);
      indexesBefore = c.listIndexes().into(new ArrayList<>());
      countBefore = c.countDocuments();
    }
    try (StoreFixture store = StoreFixture.indexed(options().withNotablescan(true))) {
      MongoCollection<Document> c = store.db("r").getCollection("docs");
      assertThat(c.listIndexes().into(new ArrayList<>())).isEqualTo(indexesBefore);
      assertThat(answers(c)).isEqualTo(before);
      Document explain = c.find(new Document("tags", "red")).explain();
      assertThat(explain.toJson()).contains("\"indexName\": \"tags_1\"");
      assertThat(store.db("r").runCommand(new Document("validate", "docs")).getBoolean("valid")).isTrue();
      assertThat(c.countDocuments()).isEqualTo(countBefore);
    }
    try (StoreFixture store = StoreFixture.indexed(options())) {
      MongoCollection<Document> c = store.db("r").getCollection("docs");
      assertThat(answers(c)).isEqualTo(scanned(c));
      try {
        c.insertOne(new Document("k", 1));
        throw new AssertionError("the unique index was lost");
      } catch (com.mongodb.MongoWriteException e) {
        assertThat(e.getCode()).isEqualTo(11000);
      }
    }
  }

  @Test
  void indexChangesRenamesAndDropsArePersistent() {
    try (StoreFixture store = StoreFixture.indexed(options())) {
      MongoCollection<Document> c = store.db("r").getCollection("old");
      c.createIndex(new Document("x", 1));
      c.createIndex(new Document("y", 1));
      for (int i = 0; i < 500; i++) {
        c.insertOne(new Document("_id", i).append("x", i % 10).append("y", i % 7));
      }
      c.dropIndex("y_1");
      store.client.getDatabase("admin").runCommand(new Document("renameCollection", "r.old").append("to", "r.new"));
      store.db("gone").getCollection("g").insertOne(new Document("_id", 1));
      store.db("gone").drop();
    }
    try (StoreFixture store = StoreFixture.indexed(options().withNotablescan(true))) {
      assertThat(store.indexedBackend().storedDatabaseNames()).doesNotContain("gone");
      assertThat(store.indexedBackend().context().mvStore.getMapNames())
        .contains(StoreContext.indexMapName("r.new", "x_1"), StoreContext.dataMapName("r.new"))
        .noneMatch(name -> name.contains("y_1") || name.contains("r.old") || name.contains("gone."));
      assertThat(store.db("r").listCollectionNames().into(new ArrayList<>())).containsExactly("new");
      MongoCollection<Document> c = store.db("r").getCollection("new");
      assertThat(c.listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
        .containsExactlyInAnyOrder("_id_", "x_1");
      assertThat(c.countDocuments(Filters.eq("x", 3))).isEqualTo(50);
      assertThat(store.db("r").runCommand(new Document("validate", "new")).getBoolean("valid")).isTrue();
    }
  }
}
