package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmokeTest {

  @Test
  void insertsFindsAndExplains() {
    try (StoreFixture store = StoreFixture.indexed(StoreOptions.inMemory())) {
      MongoCollection<Document> c = store.db("t").getCollection("c");
      c.createIndex(Indexes.ascending("cid", "ts", "_id"));
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        docs.add(new Document("_id", "m" + i).append("cid", "c" + (i % 3)).append("ts", 1_700_000_000_000L + i));
      }
      c.insertMany(docs);
      List<Document> page = c.find(Filters.and(Filters.eq("cid", "c1"), Filters.lt("ts", 1_700_000_000_050L)))
        .sort(Sorts.descending("ts", "_id")).limit(3).into(new ArrayList<>());
      assertThat(page).extracting(d -> d.get("_id")).containsExactly("m49", "m46", "m43");
      assertThat(c.countDocuments(Filters.eq("cid", "c2"))).isEqualTo(33);
      assertThat(c.countDocuments()).isEqualTo(100);
      c.updateOne(Filters.eq("_id", "m4"), new Document("$set", new Document("ts", 5L)));
      assertThat(c.find(Filters.eq("cid", "c1")).sort(Sorts.ascending("ts")).first().get("_id")).isEqualTo("m4");
      c.deleteMany(Filters.eq("cid", "c1"));
      assertThat(c.countDocuments()).isEqualTo(67);
      Document validate = store.db("t").runCommand(new Document("validate", "c"));
      assertThat(validate.getBoolean("valid")).isTrue();
    }
  }
}
