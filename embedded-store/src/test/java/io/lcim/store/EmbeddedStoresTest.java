package io.lcim.store;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stores as the standalone server and the tests get them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedStoresTest {

  @Test
  void testStoresRefuseQueriesThatNoIndexServes() {
    try (EmbeddedStores stores = EmbeddedStores.start(null, 0, -1);
         MongoClient client = MongoClients.create(stores.mongoUri())) {
      MongoCollection<Document> messages = client.getDatabase("t").getCollection("messages");
      messages.createIndex(Indexes.ascending("cid", "ts"));
      messages.insertOne(new Document("_id", "m1").append("cid", "c1").append("ts", 1L).append("from", "tom"));

      assertThat(messages.find(new Document("cid", "c1")).first()).isNotNull();
      assertThatThrownBy(() -> messages.find(new Document("from", "tom")).first())
        .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(291));
    }
  }

  @Test
  void theFileStoreKeepsDataAndIndexesAcrossRestartsAndAllowsScans(@TempDir Path dir) {
    try (EmbeddedStores stores = EmbeddedStores.start(dir, 0, -1);
         MongoClient client = MongoClients.create(stores.mongoUri())) {
      MongoCollection<Document> messages = client.getDatabase("t").getCollection("messages");
      messages.createIndex(Indexes.ascending("cid", "ts"));
      messages.insertOne(new Document("_id", "m1").append("cid", "c1").append("ts", 1L).append("from", "tom"));
    }
    assertThat(Files.exists(dir.resolve(EmbeddedStores.STORE_FILE))).isTrue();
    try (EmbeddedStores stores = EmbeddedStores.start(dir, 0, -1);
         MongoClient client = MongoClients.create(stores.mongoUri())) {
      MongoCollection<Document> messages = client.getDatabase("t").getCollection("messages");
      assertThat(messages.find(new Document("cid", "c1")).first()).containsEntry("from", "tom");
      // Production keeps MongoDB's default: an unindexed query scans rather than fails.
      assertThat(messages.find(new Document("from", "tom")).first()).isNotNull();
      assertThat(messages.listIndexes().into(new java.util.ArrayList<>())).hasSize(2);
    }
  }
}
