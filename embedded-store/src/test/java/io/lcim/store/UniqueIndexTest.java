package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;

/** Unique indexes answer duplicates with E11000 over the wire, like MongoDB. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UniqueIndexTest {

  private static StoreFixture store;
  private static MongoDatabase db;

  @BeforeAll
  static void start() {
    store = StoreFixture.indexed(StoreOptions.inMemory().withNotablescan(true).withTtlMonitorPeriod(Duration.ZERO));
    db = store.db("unique");
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private static void assertDuplicateKey(Runnable action, String indexName) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(MongoException.class, e -> {
      assertThat(e.getCode()).isEqualTo(11000);
      assertThat(e.getMessage()).contains("E11000 duplicate key error").contains(indexName).contains("dup key");
    });
  }

  @Test
  void duplicateIdsAreRefused() {
    MongoCollection<Document> c = db.getCollection("ids");
    c.insertOne(new Document("_id", 1));
    assertDuplicateKey(() -> c.insertOne(new Document("_id", 1.0)), "_id_");
    assertThat(c.countDocuments()).isEqualTo(1);
  }

  @Test
  void gridFsChunksAreUniquePerFileAndNumber() {
    GridFSBucket bucket = GridFSBuckets.create(db, "media");
    byte[] content = new byte[1 << 20];
    new Random(3).nextBytes(content);
    ObjectId id = bucket.uploadFromStream("blob.bin", new ByteArrayInputStream(content));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bucket.downloadToStream(id, out);
    assertThat(out.toByteArray()).isEqualTo(content);
    MongoCollection<Document> chunks = db.getCollection("media.chunks");
    assertThat(chunks.listIndexes().into(new ArrayList<>())).anySatisfy(index -> {
      assertThat(index.get("key", Document.class)).isEqualTo(new Document("files_id", 1).append("n", 1));
      assertThat(index.getBoolean("unique")).isTrue();
    });
    Document plan = chunks.find(Filters.eq("files_id", id)).sort(new Document("n", 1)).explain()
      .get("queryPlanner", Document.class).get("winningPlan", Document.class);
    assertThat(plan.get("inputStage", Document.class).getString("indexName")).isEqualTo("files_id_1_n_1");
    assertThat(plan.getBoolean("sortProvided")).isTrue();
    assertDuplicateKey(() -> chunks.insertOne(new Document("files_id", id).append("n", 0)
      .append("data", new Binary(new byte[1]))), "files_id_1_n_1");
    chunks.insertOne(new Document("files_id", id).append("n", 1000).append("data", new Binary(new byte[1])));
    chunks.insertOne(new Document("files_id", new ObjectId()).append("n", 0).append("data", new Binary(new byte[1])));
  }

  @Test
  void compoundUniqueIndexOnAnEmptyCollection() {
    MongoCollection<Document> c = db.getCollection("compound");
    c.createIndex(new Document("a", 1).append("b", -1), new IndexOptions().unique(true));
    c.insertOne(new Document("a", 1).append("b", "x"));
    c.insertOne(new Document("a", 1).append("b", "y"));
    c.insertOne(new Document("a", 2).append("b", "x"));
    assertDuplicateKey(() -> c.insertOne(new Document("a", 1L).append("b", "x")), "a_1_b_-1");
    assertDuplicateKey(() -> c.updateOne(Filters.and(Filters.eq("a", 2), Filters.eq("b", "x")),
      new Document("$set", new Document("a", 1))), "a_1_b_-1");
    assertThat(c.countDocuments(Filters.eq("a", 2))).isEqualTo(1);
    // missing fields count as null: a second document without them is a duplicate
    c.insertOne(new Document("other", 1));
    assertDuplicateKey(() -> c.insertOne(new Document("other", 2)), "a_1_b_-1");
  }

  @Test
  void sparseUniqueIndexIgnoresDocumentsWithoutTheField() {
    MongoCollection<Document> c = db.getCollection("sparse");
    c.createIndex(new Document("uniqueId", 1), new IndexOptions().unique(true).sparse(true));
    c.insertOne(new Document("_id", 1));
    c.insertOne(new Document("_id", 2));
    c.insertOne(new Document("_id", 3).append("uniqueId", "k"));
    assertDuplicateKey(() -> c.insertOne(new Document("_id", 4).append("uniqueId", "k")), "uniqueId_1");
    assertThat(c.find(Filters.eq("uniqueId", "k")).first()).containsEntry("_id", 3);
  }

  @Test
  void partialUniqueIndexOnlyCoversMatchingDocuments() {
    MongoCollection<Document> c = db.getCollection("partial");
    c.createIndex(new Document("cid", 1).append("from", 1).append("dt", 1), new IndexOptions().unique(true)
      .partialFilterExpression(new Document("dt", new Document("$exists", true))));
    c.insertOne(new Document("cid", "c").append("from", "u"));
    c.insertOne(new Document("cid", "c").append("from", "u"));
    c.insertOne(new Document("cid", "c").append("from", "u").append("dt", "t1"));
    assertDuplicateKey(() -> c.insertOne(new Document("cid", "c").append("from", "u").append("dt", "t1")),
      "cid_1_from_1_dt_1");
    Document filter = new Document("cid", "c").append("from", "u").append("dt", "t1");
    Document plan = c.find(filter).explain().get("queryPlanner", Document.class).get("winningPlan", Document.class);
    assertThat(plan.get("inputStage", Document.class).getBoolean("isPartial")).isTrue();
  }

  @Test
  void multikeyUniqueIndexComparesElements() {
    MongoCollection<Document> c = db.getCollection("multikey");
    c.createIndex(new Document("tags", 1), new IndexOptions().unique(true));
    c.insertOne(new Document("_id", 1).append("tags", List.of("a", "b", "b")));
    assertDuplicateKey(() -> c.insertOne(new Document("_id", 2).append("tags", List.of("c", "b"))), "tags_1");
    c.insertOne(new Document("_id", 3).append("tags", List.of("c")));
    c.updateOne(Filters.eq("_id", 1), new Document("$push", new Document("tags", "d")));
    assertThat(c.find(Filters.eq("tags", "d")).first()).containsEntry("_id", 1);
  }

  @Test
  void anIndexNameCannotBeReusedForOtherKeysOrOptions() {
    MongoCollection<Document> c = db.getCollection("names");
    c.createIndex(new Document("a", 1), new IndexOptions().name("idx"));
    c.createIndex(new Document("a", 1), new IndexOptions().name("idx"));
    assertThatThrownBy(() -> c.createIndex(new Document("b", 1), new IndexOptions().name("idx")))
      .isInstanceOfSatisfying(MongoException.class, e -> assertThat(e.getCode()).isEqualTo(86));
    assertThatThrownBy(() -> c.createIndex(new Document("a", 1), new IndexOptions().name("idx").unique(true)))
      .isInstanceOfSatisfying(MongoException.class, e -> assertThat(e.getCode()).isEqualTo(86));
  }

  @Test
  void buildingAUniqueIndexOverDuplicatesFails() {
    MongoCollection<Document> c = db.getCollection("build");
    c.insertMany(List.of(new Document("k", 1), new Document("k", 2), new Document("k", 1)));
    assertThatThrownBy(() -> c.createIndex(new Document("k", 1), new IndexOptions().unique(true)))
      .isInstanceOfSatisfying(MongoException.class, e -> assertThat(e.getMessage()).contains("E11000"));
    assertThat(c.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>())).containsExactly("_id_");
    c.createIndex(new Document("k", 1));
    assertThat(c.countDocuments(Filters.eq("k", 1))).isEqualTo(2);
  }
}
