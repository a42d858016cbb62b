package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;

/** Which index the planner picks for the application's query shapes (through explain), and what it returns. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlannerTest {

  private static final long T0 = 1_760_000_000_000L;
  private static final Date NOW = new Date(T0 + 500);

  private static StoreFixture store;
  private static MongoCollection<Document> messages;
  private static MongoCollection<Document> conversations;
  private static final List<Document> ALL = new ArrayList<>();

  @BeforeAll
  static void start() {
    store = StoreFixture.indexed(StoreOptions.inMemory().withNotablescan(true).withTtlMonitorPeriod(Duration.ZERO));
    messages = store.db("im").getCollection("messages");
    messages.createIndex(new Document("cid", 1).append("ts", 1).append("_id", 1));
    messages.createIndex(new Document("cid", 1).append("lctype", 1).append("ts", 1).append("_id", 1));
    messages.createIndex(new Document("expireAt", 1), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    messages.createIndex(new Document("patchTs", 1), new IndexOptions().sparse(true));
    messages.createIndex(new Document("cid", 1).append("clientToken", 1));
    messages.createIndex(new Document("ts", 1).append("_id", 1));
    for (int i = 0; i < 900; i++) {
      Document message = new Document("_id", String.format("m%04d", i)).append("cid", "c" + (i % 3))
        .append("from", "u" + (i % 7)).append("ts", T0 + i / 2) // two messages per millisecond
        .append("expireAt", new Date(T0 + (i % 10 == 0 ? 100 : 100_000)))
        .append("lctype", i % 4 == 0 ? -2 : -1).append("receipt", i % 5 == 0);
      if (i % 50 == 0) {
        message.append("patchTs", T0 + 1000 + i);
      }
      if (i % 30 == 0) {
        message.append("clientToken", "tok" + i);
      }
      ALL.add(message);
    }
    messages.insertMany(copy(ALL));
    conversations = store.db("im").getCollection("conversations");
    conversations.createIndex(new Document("m", 1));
    conversations.createIndex(new Document("uniqueId", 1), new IndexOptions().unique(true).sparse(true));
    conversations.createIndex(new Document("lm", -1));
    conversations.createIndex(new Document("updatedAt", -1));
    for (int i = 0; i < 60; i++) {
      conversations.insertOne(new Document("_id", "c" + i).append("m", List.of("u" + i % 5, "u" + (i + 1) % 5))
        .append("lm", new Date(T0 + i)).append("updatedAt", new Date(T0 - i)));
    }
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private static List<Document> copy(List<Document> documents) {
    List<Document> copies = new ArrayList<>();
    documents.forEach(d -> copies.add(new Document(d)));
    return copies;
  }

  private static Document winningPlan(MongoCollection<Document> collection, Document filter, Document sort,
                                      int limit) {
    Document explain = collection.find(filter).sort(sort).limit(limit).explain();
    return explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
  }

  private static Document ixscan(Document plan) {
    assertThat(plan.getString("stage")).as(plan.toJson()).isEqualTo("FETCH");
    return plan.get("inputStage", Document.class);
  }

  private static List<Document> expected(Predicate<Document> filter, Comparator<Document> order, int limit) {
    return ALL.stream().filter(filter).sorted(order).limit(limit).toList();
  }

  private static final Comparator<Document> NEWEST_FIRST = Comparator.<Document>comparingLong(d -> d.getLong("ts"))
    .thenComparing(d -> d.getString("_id")).reversed();

  @Test
  void historyPageWalksTheConversationIndexBackwards() {
    long ts = T0 + 300;
    Document filter = new Document("cid", "c1").append("expireAt", new Document("$gt", NOW))
      .append("$and", List.of(new Document("$or", List.of(new Document("ts", new Document("$lt", ts)),
        new Document("ts", ts).append("_id", new Document("$lt", "m0601"))))));
    Document sort = new Document("ts", -1).append("_id", -1);
    Document plan = winningPlan(messages, filter, sort, 20);
    Document ixscan = ixscan(plan);
    assertThat(ixscan.getString("indexName")).isEqualTo("cid_1_ts_1__id_1");
    assertThat(ixscan.getString("direction")).isEqualTo("backward");
    assertThat(plan.getBoolean("sortProvided")).isTrue();
    assertThat(ixscan.get("keysExamined", Number.class).longValue()).isLessThan(300);
    List<Document> page = messages.find(filter).sort(sort).limit(20).into(new ArrayList<>());
    assertThat(page).isEqualTo(expected(d -> d.get("cid").equals("c1") && ((Date) d.get("expireAt")).after(NOW)
      && (d.getLong("ts") < ts || d.getLong("ts") == ts && d.getString("_id").compareTo("m0601") < 0),
      NEWEST_FIRST, 20));
  }

  @Test
  void historyPageOfOneTypeUsesTheTypeIndex() {
    Document filter = new Document("cid", "c2").append("expireAt", new Document("$gt", NOW)).append("lctype", -2)
      .append("$and", List.of(new Document("ts", new Document("$gt", T0 + 100))));
    Document sort = new Document("ts", 1).append("_id", 1);
    Document ixscan = ixscan(winningPlan(messages, filter, sort, 20));
    assertThat(ixscan.getString("indexName")).isEqualTo("cid_1_lctype_1_ts_1__id_1");
    assertThat(ixscan.getString("direction")).isEqualTo("forward");
    assertThat(messages.find(filter).sort(sort).limit(20).into(new ArrayList<>())).isEqualTo(expected(
      d -> d.get("cid").equals("c2") && d.getInteger("lctype") == -2 && d.getLong("ts") > T0 + 100
        && ((Date) d.get("expireAt")).after(NOW), NEWEST_FIRST.reversed(), 20));
  }

  @Test
  void lookupByIdWithMoreConditionsUsesTheIdIndex() {
    Document filter = new Document("_id", "m0031").append("cid", "c1").append("expireAt", new Document("$gt", NOW));
    assertThat(ixscan(winningPlan(messages, filter, null, 0)).getString("indexName")).isEqualTo("_id_");
    assertThat(messages.find(filter).first()).isEqualTo(ALL.get(31));
  }

  @Test
  void deliveryMarksWalkTheConversationRange() {
    Document filter = new Document("cid", "c0").append("receipt", true)
      .append("ackAt", new Document("$exists", false)).append("from", new Document("$ne", "u3"))
      .append("ts", new Document("$gte", T0 + 10).append("$lte", T0 + 200));
    Document ixscan = ixscan(winningPlan(messages, filter, new Document("ts", 1), 50));
    assertThat(ixscan.getString("indexName")).isEqualTo("cid_1_ts_1__id_1");
    assertThat(ixscan.getString("direction")).isEqualTo("forward");
  }

  @Test
  void missedPatchesUseTheSparsePatchIndex() {
    Document filter = new Document("cid", new Document("$in", List.of("c0", "c1")))
      .append("patchTs", new Document("$gt", T0)).append("expireAt", new Document("$gt", NOW));
    Document sort = new Document("patchTs", -1);
    Document ixscan = ixscan(winningPlan(messages, filter, sort, 100));
    assertThat(ixscan.getString("indexName")).isEqualTo("patchTs_1");
    assertThat(ixscan.getBoolean("isSparse")).isTrue();
    assertThat(messages.find(filter).sort(sort).limit(100).into(new ArrayList<>())).isEqualTo(expected(
      d -> (d.get("cid").equals("c0") || d.get("cid").equals("c1")) && d.containsKey("patchTs")
        && ((Date) d.get("expireAt")).after(NOW),
      Comparator.<Document>comparingLong(d -> d.getLong("patchTs")).reversed(), 100));
  }

  @Test
  void appWideHistoryUsesTheTimeIndex() {
    Document filter = new Document("expireAt", new Document("$gt", NOW)).append("ts", new Document("$gt", T0 + 50));
    Document ixscan = ixscan(winningPlan(messages, filter, new Document("ts", 1).append("_id", 1), 20));
    assertThat(ixscan.getString("indexName")).isEqualTo("ts_1__id_1");
  }

  @Test
  void unreadCountsCountThroughTheConversationIndex() {
    Document count = new Document("count", "messages").append("query", new Document("cid", "c1")
      .append("expireAt", new Document("$gt", NOW)).append("ts", new Document("$gt", T0 + 100))
      .append("from", new Document("$ne", "u1"))).append("limit", 100);
    Document explain = store.db("im").runCommand(new Document("explain", count));
    Document plan = explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
    assertThat(ixscan(plan).getString("indexName")).isEqualTo("cid_1_ts_1__id_1");
    long expected = ALL.stream().filter(d -> d.get("cid").equals("c1") && d.getLong("ts") > T0 + 100
      && !d.get("from").equals("u1") && ((Date) d.get("expireAt")).after(NOW)).count();
    assertThat(messages.countDocuments(count.get("query", Document.class))).isEqualTo(expected);
  }

  @Test
  void inOnTheEqualityPrefixMergesTheWalksInSortOrder() {
    Document filter = new Document("cid", new Document("$in", List.of("c0", "c2")));
    Document sort = new Document("ts", -1).append("_id", -1);
    Document ixscan = ixscan(winningPlan(messages, filter, sort, 5));
    assertThat(ixscan.getString("indexName")).isEqualTo("cid_1_ts_1__id_1");
    assertThat(ixscan.getBoolean("mergeSort")).isTrue();
    assertThat(messages.find(filter).sort(sort).limit(5).into(new ArrayList<>()))
      .isEqualTo(expected(d -> !d.get("cid").equals("c1"), NEWEST_FIRST, 5));
  }

  @Test
  void conversationsOfAMemberUseTheMultikeyIndex() {
    Document filter = new Document("m", "u2");
    Document sort = new Document("lm", -1);
    Document plan = winningPlan(conversations, filter, sort, 10);
    assertThat(ixscan(plan).getString("indexName")).isEqualTo("m_1");
    assertThat(ixscan(plan).getBoolean("isMultiKey")).isTrue();
    List<Document> found = conversations.find(filter).sort(sort).limit(10).into(new ArrayList<>());
    assertThat(found).hasSize(10).allMatch(d -> d.getList("m", String.class).contains("u2"));
    assertThat(found).isSortedAccordingTo(Comparator.comparing((Document d) -> d.getDate("lm")).reversed());
  }

  @Test
  void anOrOfIndexedBranchesIsAUnion() {
    Document filter = new Document("$or", List.of(new Document("clientToken", "tok30").append("cid", "c0"),
      new Document("patchTs", new Document("$gte", T0 + 1800))));
    Document plan = winningPlan(messages, filter, null, 0);
    assertThat(plan.getString("stage")).isEqualTo("OR");
    assertThat(plan.getList("inputStages", Document.class)).extracting(stage ->
      stage.get("inputStage", Document.class).getString("indexName")).containsExactly("cid_1_clientToken_1",
      "patchTs_1");
    List<Object> ids = messages.find(filter).map(d -> d.get("_id")).into(new ArrayList<>());
    assertThat(ids).containsExactlyInAnyOrder("m0030", "m0800", "m0850");
  }

  @Test
  void aSortOnlyQueryWalksTheIndexInOrder() {
    Document plan = winningPlan(conversations, new Document(), new Document("updatedAt", -1), 3);
    assertThat(ixscan(plan).getString("indexName")).isEqualTo("updatedAt_-1");
    assertThat(conversations.find().sort(new Document("updatedAt", -1)).limit(3).map(d -> d.get("_id"))
      .into(new ArrayList<>())).containsExactly("c0", "c1", "c2");
  }

  @Test
  void aggregationsStartingWithAMatchUseTheIndex() {
    List<Document> pipeline = List.of(new Document("$match", new Document("cid", "c0")),
      new Document("$group", new Document("_id", "$from").append("n", new Document("$sum", 1))));
    List<Document> groups = messages.aggregate(pipeline).into(new ArrayList<>());
    assertThat(groups.stream().mapToInt(d -> d.getInteger("n")).sum()).isEqualTo(300);
    Document explain = store.db("im").runCommand(new Document("explain",
      new Document("aggregate", "messages").append("pipeline", pipeline).append("cursor", new Document())));
    Document plan = explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
    assertThat(ixscan(plan).getString("indexName")).startsWith("cid_1_");
  }
}
