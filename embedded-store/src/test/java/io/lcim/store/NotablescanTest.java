package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

/** With notablescan, anything that would scan a collection fails with error 291; indexed work goes on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotablescanTest {

  private static StoreFixture store;
  private static MongoCollection<Document> items;

  @BeforeAll
  static void start() {
    store = StoreFixture.indexed(StoreOptions.inMemory().withNotablescan(true).withTtlMonitorPeriod(Duration.ZERO));
    items = store.db("app").getCollection("items");
    items.createIndex(new Document("owner", 1).append("at", -1));
    items.createIndex(new Document("tags", 1));
    for (int i = 0; i < 50; i++) {
      items.insertOne(new Document("_id", i).append("owner", "o" + i % 5).append("at", i)
        .append("tags", List.of("t" + i % 3)).append("color", i % 2 == 0 ? "red" : "blue"));
    }
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private static void assertNoTableScan(Runnable action) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(MongoException.class, e -> {
      assertThat(e.getCode()).isEqualTo(291);
      assertThat(e.getMessage()).contains("No indexed plans available, and running with 'notablescan'");
    });
  }

  @Test
  void unindexedQueriesFail() {
    assertNoTableScan(() -> items.find(Filters.eq("color", "red")).first());
    assertNoTableScan(() -> items.find().into(new ArrayList<>()));
    assertNoTableScan(() -> items.find(Filters.ne("owner", "o1")).into(new ArrayList<>()));
    assertNoTableScan(() -> items.find(Filters.exists("owner", false)).into(new ArrayList<>()));
    assertNoTableScan(() -> items.countDocuments(Filters.eq("color", "red")));
    assertNoTableScan(() -> items.find().sort(new Document("$natural", -1)).first());
    assertNoTableScan(() -> items.aggregate(List.of(new Document("$group", new Document("_id", "$owner"))))
      .into(new ArrayList<>()));
    assertNoTableScan(() -> items.find(Filters.or(Filters.eq("owner", "o1"), Filters.eq("color", "red")))
      .into(new ArrayList<>()));
  }

  @Test
  void unindexedWritesFail() {
    assertNoTableScan(() -> items.updateMany(Filters.eq("color", "red"), new Document("$set", new Document("x", 1))));
    assertNoTableScan(() -> items.deleteMany(Filters.eq("color", "green")));
    assertNoTableScan(() -> items.findOneAndDelete(Filters.eq("color", "green")));
    assertThat(items.countDocuments()).isEqualTo(50);
  }

  @Test
  void indexedWorkAndMetadataCountsSucceed() {
    assertThat(items.countDocuments()).isEqualTo(50);
    assertThat(items.estimatedDocumentCount()).isEqualTo(50);
    assertThat(items.find(Filters.and(Filters.eq("owner", "o2"), Filters.eq("color", "red")))
      .into(new ArrayList<>())).hasSize(5);
    assertThat(items.find(Filters.eq("tags", "t1")).into(new ArrayList<>())).hasSize(17);
    assertThat(items.countDocuments(Filters.in("owner", "o1", "o2"))).isEqualTo(20);
    assertThat(items.find(Filters.eq("_id", 7)).first()).isNotNull();
    assertThat(items.find().sort(new Document("owner", 1).append("at", -1)).limit(2).map(d -> d.get("_id"))
      .into(new ArrayList<>())).containsExactly(45, 40);
    assertThat(items.find(Filters.or(Filters.eq("owner", "o1"), Filters.eq("tags", "t2")))
      .into(new ArrayList<>())).hasSize(23);
    assertThat(items.distinct("color", Filters.eq("owner", "o3"), String.class).into(new ArrayList<>()))
      .containsExactly("blue", "red");
    assertThat(items.updateMany(Filters.eq("owner", "o4"), new Document("$set", new Document("seen", true)))
      .getModifiedCount()).isEqualTo(10);
    assertThat(items.aggregate(List.of(new Document("$match", new Document("owner", "o4")),
      new Document("$group", new Document("_id", "$color").append("n", new Document("$sum", 1)))))
      .into(new ArrayList<>())).hasSize(2);
    assertThat(items.listIndexes().into(new ArrayList<>())).hasSize(3);
    assertThat(store.db("app").listCollectionNames().into(new ArrayList<>())).contains("items");
  }

  @Test
  void indexesCanBeCreatedAndDroppedAndCollectionsDropped() {
    MongoCollection<Document> other = store.db("app").getCollection("other");
    other.insertOne(new Document("_id", 1).append("k", "v"));
    other.createIndex(new Document("k", 1));
    assertThat(other.find(Filters.eq("k", "v")).first()).isNotNull();
    other.dropIndex("k_1");
    assertNoTableScan(() -> other.find(Filters.eq("k", "v")).first());
    other.drop();
    assertThat(store.db("app").listCollectionNames().into(new ArrayList<>())).doesNotContain("other");
  }
}
