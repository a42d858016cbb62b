package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.ErrorCode;
import io.lcim.common.LastMessage;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code conv/query} (docs/protocol.md §3.7) through the event bus, against stored conversations. */
class ConversationQueryServiceTest extends ConversationServiceTestBase {

  private String tomJerry;
  private String tomMary;
  private String lobby;
  private final List<String> numbered = new ArrayList<>();

  @Override
  JsonObject serviceConfig() {
    return new JsonObject().put(ConversationConfig.IM_QUERY_DEFAULT_LIMIT, "3")
      .put(ConversationConfig.IM_QUERY_MAX_LIMIT, "5");
  }

  @BeforeEach
  void createConversations() {
    tomJerry = start("Tom", List.of("Jerry", "Tom"), "{\"name\":\"Tom & Jerry\",\"type\":\"private\"}");
    tomMary = start("Tom", List.of("Mary", "Tom"), "{\"name\":\"Tom & Mary\",\"type\":\"group\",\"level\":2}");
    lobby = gateway.call("Harry", conv(OpType.start, ConvCommand.newBuilder().addM("Harry").setTransient(true)
      .setAttr(json("{\"name\":\"lobby\"}")))).getConvMessage().getCid();
    for (int i = 1; i <= 4; i++) {
      numbered.add(start("William", List.of("William"), "{\"name\":\"n" + i + "\",\"rank\":" + i + "}"));
    }
    gateway.takePushes();
  }

  @Test
  void anyoneCanFetchAConversationById() {
    JsonObject result = queryById("Harry", tomJerry);
    assertThat(result.getString("objectId")).isEqualTo(tomJerry);
    assertThat(result.getString("c")).isEqualTo("Tom");
    assertThat(result.getJsonArray("m").getList()).containsExactly("Jerry", "Tom");
    assertThat(result.getString("name")).isEqualTo("Tom & Jerry");
    assertThat(result.getJsonObject("attr").getString("type")).isEqualTo("private");
    assertThat(result.getJsonArray("mu").getList()).isEmpty();
    assertThat(result.containsKey("_id")).isFalse();

    assertThat(queryWhere("Harry", "{\"objectId\":\"5f0000000000000000000000\"}")).isEmpty();
  }

  @Test
  void objectIdInListReturnsExactlyThoseConversations() {
    JsonArray results = query("Jerry", ConvCommand.newBuilder().setLimit(999).setFlag(0)
      .setWhere(json(new JsonObject().put("objectId", new JsonObject()
        .put("$in", new JsonArray().add(tomJerry).add(lobby).add("5f0000000000000000000000"))).encode())));
    assertThat(ids(results)).containsExactlyInAnyOrder(tomJerry, lobby);
  }

  @Test
  void generalWhereWithSortSkipAndLimit() {
    String byRank = "{\"attr.rank\":{\"$gte\":2}}";
    assertThat(ids(query("William", ConvCommand.newBuilder().setWhere(json(byRank)).setSort("-attr.rank"))))
      .containsExactly(numbered.get(3), numbered.get(2), numbered.get(1));
    assertThat(ids(query("William", ConvCommand.newBuilder().setWhere(json(byRank)).setSort("attr.rank")
      .setSkip(1).setLimit(1)))).containsExactly(numbered.get(2));
    // A search by an attribute alone covers the asker's own conversations; naming members widens it.
    assertThat(queryWhere("Tom", byRank)).isEmpty();
    assertThat(ids(queryWhere("Tom", "{\"m\":\"William\",\"attr.rank\":{\"$gte\":4}}")))
      .containsExactly(numbered.get(3));

    assertThat(ids(queryWhere("Tom", "{\"m\":\"Tom\",\"attr.type\":{\"$ne\":\"group\"}}"))).containsExactly(tomJerry);
    assertThat(ids(queryWhere("Tom", "{\"m\":{\"$all\":[\"Mary\",\"Tom\"],\"$size\":2}}")))
      .containsExactly(tomMary);
    assertThat(ids(queryWhere("Tom", "{\"name\":{\"$regex\":\"^\\\\Qtom & \\\\E\",\"$options\":\"i\"}}")))
      .containsExactlyInAnyOrder(tomJerry, tomMary);
    assertThat(ids(queryWhere("Tom", "{\"tr\":true}"))).containsExactly(lobby);
    assertThat(ids(queryWhere("Tom", "{\"attr.level\":{\"$exists\":true}}"))).containsExactly(tomMary);
    assertThat(ids(queryWhere("William",
      "{\"$or\":[{\"name\":\"Tom & Jerry\"},{\"attr.rank\":{\"$in\":[1,4]}}]}")))
      .containsExactlyInAnyOrder(numbered.get(0), numbered.get(3));
    assertThat(ids(queryWhere("Tom",
      "{\"$or\":[{\"name\":\"Tom & Jerry\"},{\"attr.rank\":{\"$in\":[1,4]}}]}"))).containsExactly(tomJerry);
    assertThat(ids(queryWhere("Tom",
      "{\"$and\":[{\"m\":\"Tom\"},{\"attr.type\":{\"$nin\":[\"private\"]}}]}"))).containsExactly(tomMary);
  }

  @Test
  void datesCompareAsDates() {
    String createdAt = queryById("Tom", tomMary).getString("createdAt");
    String after = "{\"createdAt\":{\"$gte\":{\"__type\":\"Date\",\"iso\":\"" + createdAt + "\"}},"
      + "\"c\":\"Tom\"}";
    assertThat(ids(queryWhere("Tom", after))).containsExactly(tomMary);
    String exact = "{\"createdAt\":{\"__type\":\"Date\",\"iso\":\"" + createdAt + "\"},\"c\":\"Tom\"}";
    assertThat(ids(queryWhere("Tom", exact))).containsExactly(tomMary);
  }

  @Test
  void limitDefaultsAndIsClamped() {
    String everyone = "{\"m\":{\"$in\":[\"Tom\",\"Harry\",\"William\"]}}";
    assertThat(queryWhere("Tom", everyone)).hasSize(3);
    assertThat(query("Tom", ConvCommand.newBuilder().setWhere(json(everyone)).setLimit(999))).hasSize(5);
    assertThat(query("Tom", ConvCommand.newBuilder().setWhere(json(everyone)).setLimit(999).setSkip(5))).hasSize(2);
    // No condition at all: the asker's own conversations.
    assertThat(ids(query("Tom", ConvCommand.newBuilder().setLimit(999)))).containsExactlyInAnyOrder(tomJerry, tomMary);
  }

  @Test
  void compactFlagOmitsMembersAndFlagTwoAddsTheLastMessage() {
    JsonObject compact = query("Tom", ConvCommand.newBuilder().setFlag(1)
      .setWhere(json("{\"objectId\":\"" + tomJerry + "\"}"))).getJsonObject(0);
    assertThat(compact.containsKey("m")).isFalse();
    assertThat(compact.getString("name")).isEqualTo("Tom & Jerry");

    long t = 1_790_000_000_123L;
    gateway.await(vertx.eventBus().request(Addresses.CONVERSATION_LAST_MESSAGE,
      new LastMessage(tomJerry, "m1", "Tom", t, "{\"_lctext\":\"hi\",\"_lctype\":-1}", false).toJson()));

    JsonObject plain = queryById("Tom", tomJerry);
    assertThat(plain.getJsonObject("lm")).isEqualTo(new JsonObject().put("__type", "Date")
      .put("iso", Instant.ofEpochMilli(t).toString()));
    assertThat(plain.containsKey("msg_mid")).isFalse();

    JsonObject full = query("Tom", ConvCommand.newBuilder().setFlag(2)
      .setWhere(json("{\"objectId\":\"" + tomJerry + "\"}"))).getJsonObject(0);
    assertThat(full.getJsonArray("m").getList()).containsExactly("Jerry", "Tom");
    assertThat(full.getString("msg_mid")).isEqualTo("m1");
    assertThat(full.getString("msg_from")).isEqualTo("Tom");
    assertThat(full.getLong("msg_timestamp")).isEqualTo(t);
    assertThat(full.getString("msg")).isEqualTo("{\"_lctext\":\"hi\",\"_lctype\":-1}");

    // The default order is most recent message first.
    assertThat(ids(queryWhere("Tom", "{\"c\":\"Tom\"}"))).containsExactly(tomJerry, tomMary);
  }

  @Test
  void temporaryConversationIdsGiveNoResults() {
    assertThat(query("Tom", ConvCommand.newBuilder().addTempConvIds("_tmp:abc"))).isEmpty();
  }

  @Test
  void malformedOrDangerousQueriesAreRefused() {
    for (String where : List.of(
      "{not json",
      "[1]",
      "{\"$where\":\"this.m.length > 0\"}",
      "{\"name\":{\"$where\":\"1\"}}",
      "{\"$expr\":{\"$function\":{\"body\":\"x\",\"args\":[],\"lang\":\"js\"}}}",
      "{\"name\":{\"$function\":{}}}",
      "{\"name\":{\"$regex\":\"(\"}}",
      "{\"name\":{\"$regex\":\"a\",\"$options\":\"e\"}}",
      "{\"name\":{\"$gt\":1,\"plain\":2}}",
      "{\"m\":{\"$size\":\"two\"}}",
      "{\"m\":{\"$in\":\"Tom\"}}",
      "{\"$or\":{}}",
      "{\"a..b\":1}",
      "{\"attr\":{\"x\":{\"$gt\":1},\"y\":1}}",
      "{\"createdAt\":{\"__type\":\"Date\",\"iso\":\"yesterday\"}}",
      "{\"p\":{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"x\"}}")) {
      assertRefused(gateway.refusal("Tom", conv(OpType.query, ConvCommand.newBuilder().setWhere(json(where)))),
        ErrorCode.CONVERSATION_QUERY_FAILED);
    }
    assertRefused(gateway.refusal("Tom", conv(OpType.query, ConvCommand.newBuilder().setSort("$natural"))),
      ErrorCode.CONVERSATION_QUERY_FAILED);
    // The service still answers afterwards.
    assertThat(queryById("Tom", tomJerry).getString("objectId")).isEqualTo(tomJerry);
  }

  private static List<String> ids(JsonArray results) {
    List<String> ids = new ArrayList<>();
    results.forEach(result -> ids.add(((JsonObject) result).getString("objectId")));
    return ids;
  }
}
