package io.lcim.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.bson.Document;

/** A seeded random data set and random query parts over it, for the differential tests. */
final class RandomDocuments {

  static final long TS = 1_700_000_000_000L;
  static final List<String> TAGS = List.of("red", "green", "blue", "cyan", "pink", "gray");

  private final Random random;
  private int nextId;

  RandomDocuments(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  List<Document> documents(int count) {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      documents.add(document());
    }
    return documents;
  }

  Document document() {
    int id = nextId++;
    Document document = new Document("_id", id % 5 == 0 ? (Object) id : String.format("d%05d", id));
    maybe(document, "a", 0.85, a());
    maybe(document, "b", 0.8, b());
    maybe(document, "c", 0.9, c());
    maybe(document, "d", 0.8, d());
    maybe(document, "e", 0.5, e());
    maybe(document, "tags", 0.75, random.nextInt(6) == 0 ? tag() : tags());
    maybe(document, "nested", 0.6, new Document("x", random.nextInt(10)).append("y", "n" + random.nextInt(4)));
    maybe(document, "mixed", 0.8, mixed());
    maybe(document, "arr", 0.6, arr());
    return document;
  }

  private void maybe(Document document, String field, double probability, Object value) {
    double p = random.nextDouble();
    if (p < probability) {
      document.put(field, value);
    } else if (p < probability + 0.05) {
      document.put(field, null);
    }
  }

  Object a() {
    return random.nextInt(20);
  }

  Object b() {
    return String.format("s%02d", random.nextInt(15));
  }

  Object c() {
    return TS + random.nextInt(1_000_000);
  }

  Object d() {
    return random.nextInt(4) == 0 ? (Object) (random.nextInt(100) - 50)
      : Math.round((random.nextDouble() - 0.5) * 10000)
      / 100.0;
  }

  Object e() {
    return new Date(TS + random.nextInt(1_000_000));
  }

  Object tag() {
    return TAGS.get(random.nextInt(TAGS.size()));
  }

  List<Object> tags() {
    List<Object> tags = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      tags.add(tag());
    }
    return tags;
  }

  Object mixed() {
    switch (random.nextInt(7)) {
      case 0:
        return random.nextInt(6);
      case 1:
        return "m" + random.nextInt(6);
      case 2:
        return random.nextBoolean();
      case 3:
        return new Date(TS + random.nextInt(100));
      case 4:
        return 3.5;
      case 5:
        return (long) random.nextInt(6);
      default:
        return "m" + random.nextInt(3);
    }
  }

  /** Never empty: the library's comparator is not a total order over empty arrays (see SortComparator). */
  List<Object> arr() {
    List<Object> values = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      values.add(random.nextInt(10));
    }
    return values;
  }

  /** A value for {@code field} as queries use it (mostly from the data's domain, sometimes null). */
  Object value(String field) {
    if (random.nextInt(15) == 0) {
      return null;
    }
    return switch (field) {
      case "a" -> a();
      case "b" -> b();
      case "c" -> c();
      case "d" -> d();
      case "e" -> e();
      case "tags" -> tag();
      case "nested.x" -> random.nextInt(10);
      case "nested.y" -> "n" + random.nextInt(4);
      case "mixed" -> mixed();
      case "arr" -> random.nextInt(10);
      case "_id" -> random.nextBoolean() ? (Object) (random.nextInt(nextId) / 5 * 5)
        : String.format("d%05d", random.nextInt(Math.max(1, nextId)));
      default -> throw new IllegalArgumentException(field);
    };
  }
}
