package io.lcim.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;

/**
 * Run in a child JVM by {@link CrashTest}: writes to a file store without end (inserts, updates, deletes over the
 * wire) and prints how many operations it has done, until it is killed.
 */
public final class CrashWriter {

  static final String COLLECTION = "crash";

  public static void main(String[] args) {
    try {
      write(Path.of(args[0]), Long.parseLong(args[1]));
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1); // the server's threads would keep the JVM alive
    }
  }

  private static void write(Path file, long seed) {
    StoreFixture store = StoreFixture.indexed(StoreOptions.file(file).withTtlMonitorPeriod(Duration.ZERO));
    MongoCollection<Document> c = store.db("crash").getCollection(COLLECTION);
    createIndexes(c);
    RandomDocuments data = new RandomDocuments(seed);
    Random random = data.random();
    long operations = 0;
    System.out.println("started");
    while (true) {
      List<Document> batch = data.documents(20);
      for (Document document : batch) {
        document.put("_id", seed + ":" + document.get("_id")); // unique across runs on the same file
      }
      c.insertMany(batch);
      c.updateMany(Filters.eq("a", data.a()), new Document("$set", new Document("b", data.b()))
        .append("$push", new Document("pushed", random.nextInt(100))));
      c.updateOne(Filters.eq("_id", seed + ":" + data.value("_id")),
        new Document("$set", new Document("c", data.c())));
      c.deleteMany(Filters.and(Filters.eq("a", data.a()), Filters.eq("b", data.b())));
      c.updateOne(Filters.eq("_id", "unique" + random.nextInt(50)),
        new Document("$set", new Document("k", "k" + random.nextInt(1_000_000))), new com.mongodb.client.model
          .UpdateOptions().upsert(true));
      operations += 24;
      if (operations % 240 == 0) {
        System.out.println("written " + operations);
        System.out.flush();
      }
    }
  }

  static void createIndexes(MongoCollection<Document> c) {
    c.createIndex(new Document("a", 1).append("c", -1));
    c.createIndex(new Document("b", 1));
    c.createIndex(new Document("tags", 1));
    c.createIndex(new Document("pushed", 1));
    c.createIndex(new Document("e", 1), new IndexOptions().sparse(true));
    c.createIndex(new Document("k", 1), new IndexOptions().unique(true).sparse(true));
    c.createIndex(new Document("nested.y", 1), new IndexOptions()
      .partialFilterExpression(new Document("nested.y", new Document("$exists", true))));
  }

  static List<String> indexNames() {
    return List.of("_id_", "a_1_c_-1", "b_1", "tags_1", "pushed_1", "e_1", "k_1", "nested.y_1");
  }

  private CrashWriter() {
  }
}
