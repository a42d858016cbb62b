package io.lcim.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;

/** Message documents and indexes shaped like message-service's, for the perf figures. */
final class MessageWorkload {

  static final long T0 = 1_760_000_000_000L;
  private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be this"
    + " have from or one had by word but not what all were we when your can said there use an each which she do how"
    + " their if will up other about out many then them these so some her would make like him into time has look two"
    + " more write go see number no way could people my than first water been call who oil its now find long down day"
    + " did get come made may part ok lol haha thanks see you tomorrow meeting at noon sounds good").split(" ");

  private final Random random = new Random(7);
  private final int conversations;

  MessageWorkload(int conversations) {
    this.conversations = conversations;
  }

  static void createIndexes(MongoCollection<Document> messages) {
    messages.createIndex(new Document("cid", 1).append("ts", 1).append("_id", 1));
    messages.createIndex(new Document("cid", 1).append("lctype", 1).append("ts", 1).append("_id", 1));
    messages.createIndex(new Document("expireAt", 1), new IndexOptions().expireAfter(0L,
      java.util.concurrent.TimeUnit.SECONDS));
    messages.createIndex(new Document("cid", 1).append("from", 1).append("dt", 1), new IndexOptions().unique(true)
      .partialFilterExpression(new Document("dt", new Document("$exists", true))));
  }

  static String cid(int n) {
    return String.format("65f1c0de%016x", n);
  }

  /** Message number {@code n}: about 300 bytes of BSON with a 100-character text. */
  Document message(long n) {
    int conversation = random.nextInt(conversations);
    Document message = new Document("_id", String.format("Msg%017x", n))
      .append("cid", cid(conversation))
      .append("from", "user" + random.nextInt(1000))
      .append("ts", T0 + n)
      .append("data", text(100))
      .append("expireAt", new Date(T0 + n + 30L * 24 * 3600 * 1000));
    if (random.nextInt(5) == 0) {
      message.append("lctype", -1 - random.nextInt(3));
    }
    if (random.nextInt(10) == 0) {
      message.append("dt", "token" + n);
    }
    return message;
  }

  /** Chat-like text from a small vocabulary (compresses about like real messages, unlike one repeated text). */
  private String text(int length) {
    StringBuilder text = new StringBuilder(length + 10);
    while (text.length() < length) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ". " : " ");
    }
    text.setLength(length);
    return text.toString();
  }

  List<Document> batch(long first, int size) {
    List<Document> batch = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      batch.add(message(first + i));
    }
    return batch;
  }

  /** One history page: the newest 20 messages of a conversation before a time, like a logs command. */
  static List<Document> page(MongoCollection<Document> messages, String cid, long before) {
    Document filter = new Document("cid", cid)
      .append("expireAt", new Document("$gt", new Date(T0)))
      .append("$and", List.of(new Document("ts", new Document("$lt", before))));
    return messages.find(filter).sort(Sorts.descending("ts", "_id")).limit(20).into(new ArrayList<>());
  }

  Random random() {
    return random;
  }
}
