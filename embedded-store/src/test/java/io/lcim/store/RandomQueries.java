package io.lcim.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bson.Document;

/** Random filters and sorts over {@link RandomDocuments}' fields. */
final class RandomQueries {

  static final List<String> FIELDS = List.of("a", "b", "c", "d", "e", "tags", "nested.x", "nested.y", "mixed", "arr",
    "_id");
  static final List<Document> SORTS = List.of(
    new Document("c", 1).append("_id", 1), new Document("c", -1).append("_id", -1),
    new Document("a", 1).append("c", 1).append("_id", 1), new Document("a", -1).append("c", -1).append("_id", -1),
    new Document("d", -1).append("_id", -1), new Document("d", 1).append("_id", 1),
    new Document("b", 1).append("_id", 1), new Document("b", 1).append("c", -1).append("_id", 1),
    new Document("mixed", 1).append("_id", 1),
    new Document("e", -1).append("_id", 1), new Document("nested.x", 1).append("_id", -1),
    new Document("_id", 1), new Document("_id", -1), new Document("arr", -1).append("_id", 1));

  private final RandomDocuments values;
  private final Random random;

  RandomQueries(RandomDocuments values) {
    this.values = values;
    this.random = values.random();
  }

  Document filter() {
    // mostly two or three conditions: single broad ones ($ne, $exists: false) return most of the collection
    int n = random.nextInt(5) == 0 ? 1 : 2 + random.nextInt(2);
    List<Document> conditions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      conditions.add(condition(2));
    }
    if (conditions.size() == 1) {
      return conditions.get(0);
    }
    Document merged = new Document();
    boolean distinct = true;
    for (Document condition : conditions) {
      for (String key : condition.keySet()) {
        distinct &= merged.put(key, condition.get(key)) == null;
      }
    }
    return distinct && random.nextBoolean() ? merged : new Document("$and", conditions);
  }

  Document sort() {
    return random.nextInt(4) == 0 ? null : SORTS.get(random.nextInt(SORTS.size()));
  }

  private String field() {
    return FIELDS.get(random.nextInt(FIELDS.size()));
  }

  Document condition(int depth) {
    String field = field();
    switch (random.nextInt(depth > 0 ? 15 : 13)) {
      case 0, 1:
        return new Document(field, values.value(field));
      case 2:
        return new Document(field, new Document("$eq", values.value(field)));
      case 3: {
        List<Object> in = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
          in.add(values.value(field));
        }
        return new Document(field, new Document("$in", in));
      }
      case 4:
        return new Document(field, new Document(random.nextBoolean() ? "$gt" : "$gte", nonNull(field)));
      case 5:
        return new Document(field, new Document(random.nextBoolean() ? "$lt" : "$lte", nonNull(field)));
      case 6: {
        Object x = nonNull(field);
        Object y = nonNull(field);
        return new Document(field, new Document("$gte", x).append(random.nextBoolean() ? "$lt" : "$lte", y));
      }
      case 7:
        return new Document(field, new Document("$exists", true));
      case 8:
        return new Document(field, new Document("$exists", false));
      case 9:
        return new Document(field, new Document("$ne", values.value(field)));
      case 10:
        return new Document(field, new Document("$nin", List.of(nonNull(field), nonNull(field))));
      case 11: {
        List<Object> all = new ArrayList<>(List.of(values.tag()));
        if (random.nextBoolean()) {
          all.add(values.tag());
        }
        return new Document("tags", new Document("$all", all));
      }
      case 12:
        return new Document(field, new Document("$in", java.util.Arrays.asList(values.value(field), nonNull(field))));
      default: {
        List<Document> branches = new ArrayList<>();
        int n = 2 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
          branches.add(condition(depth - 1));
        }
        return new Document("$or", branches);
      }
    }
  }

  private Object nonNull(String field) {
    Object value;
    do {
      value = values.value(field);
    } while (value == null);
    return value;
  }
}
