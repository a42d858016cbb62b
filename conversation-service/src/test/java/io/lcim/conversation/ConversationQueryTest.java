package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Translation of {@code where}/{@code sort} into MongoDB terms, without a store. */
class ConversationQueryTest {

  private static final JsonObject DEFAULT_SORT = new JsonObject().put("lm", -1);

  @Test
  void objectIdBecomesUnderscoreId() {
    assertThat(ConversationQuery.filter("{\"objectId\":\"abc\"}")).isEqualTo(new JsonObject().put("_id", "abc"));
    assertThat(ConversationQuery.filter("{\"objectId\":{\"$in\":[\"a\",\"b\"]}}")).isEqualTo(new JsonObject()
      .put("_id", new JsonObject().put("$in", new JsonArray().add("a").add("b"))));
  }

  @Test
  void queriesNamingAnIndexedFieldRunAsTheyAreOthersCoverTheAskersConversations() {
    for (String indexed : new String[]{"{\"objectId\":\"abc\"}", "{\"m\":\"Jerry\"}",
      "{\"m\":{\"$all\":[\"Jerry\"]}}", "{\"tr\":true,\"name\":\"lobby\"}", "{\"sys\":true}",
      "{\"uniqueId\":\"u\"}", "{\"$and\":[{\"m\":{\"$in\":[\"Jerry\"]}},{\"name\":\"x\"}]}"}) {
      JsonObject filter = ConversationQuery.filter(indexed);
      assertThat(ConversationQuery.scoped(filter, "Tom")).as(indexed).isEqualTo(filter);
    }
    assertThat(ConversationQuery.scoped(ConversationQuery.filter("{}"), "Tom"))
      .isEqualTo(new JsonObject().put("m", "Tom"));
    assertThat(ConversationQuery.scoped(ConversationQuery.filter("{\"name\":\"x\"}"), "Tom"))
      .isEqualTo(new JsonObject().put("name", "x").put("m", "Tom"));
    assertThat(ConversationQuery.scoped(ConversationQuery.filter("{\"m\":{\"$size\":2}}"), "Tom"))
      .isEqualTo(new JsonObject().put("m", new JsonObject().put("$size", 2).put("$in", new JsonArray().add("Tom"))));
    // An $or is no anchor: each branch could match anything.
    assertThat(ConversationQuery.scoped(ConversationQuery.filter("{\"$or\":[{\"m\":\"A\"},{\"name\":\"x\"}]}"),
      "Tom").getString("m")).isEqualTo("Tom");
  }

  @Test
  void emptyWhereMatchesEverything() {
    assertThat(ConversationQuery.filter(null)).isEmpty();
    assertThat(ConversationQuery.filter(" ")).isEmpty();
    assertThat(ConversationQuery.filter("{}")).isEmpty();
  }

  @Test
  void datesBecomeStoredDatesAtAnyDepth() {
    JsonObject date = new JsonObject().put("__type", "Date").put("iso", "2026-11-26T06:10:00Z");
    JsonObject stored = new JsonObject().put("$date", "2026-11-26T06:10:00.000Z");
    assertThat(ConversationQuery.filter(new JsonObject().put("lm", date).encode()))
      .isEqualTo(new JsonObject().put("lm", stored));
    assertThat(ConversationQuery.filter(new JsonObject().put("createdAt", new JsonObject().put("$lt", date)).encode()))
      .isEqualTo(new JsonObject().put("createdAt", new JsonObject().put("$lt", stored)));
    JsonObject inList = new JsonObject().put("$or", new JsonArray()
      .add(new JsonObject().put("attr.due", new JsonObject().put("$in", new JsonArray().add(date)))));
    assertThat(ConversationQuery.filter(inList.encode()))
      .isEqualTo(new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put("attr.due", new JsonObject().put("$in", new JsonArray().add(stored))))));
  }

  @Test
  void supportedOperatorsPassThrough() {
    String where = "{\"m\":{\"$all\":[\"a\"],\"$size\":2},\"tr\":{\"$ne\":true},\"attr.x\":{\"$exists\":false},"
      + "\"name\":{\"$regex\":\"\\\\Qa.b\\\\E\",\"$options\":\"im\"},\"attr.n\":{\"$gt\":1,\"$lte\":5},"
      + "\"c\":{\"$nin\":[\"z\"]},\"$and\":[{\"sys\":false}]}";
    assertThat(ConversationQuery.filter(where)).isEqualTo(new JsonObject(where));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"$where\":\"sleep(1000)\"}",
    "{\"$expr\":{\"$eq\":[1,1]}}",
    "{\"$nor\":[{\"a\":1}]}",
    "{\"a\":{\"$function\":{}}}",
    "{\"a\":{\"$elemMatch\":{\"$where\":\"1\"}}}",
    "{\"a\":{\"$not\":{\"$gt\":1}}}",
    "{\"a\":{\"$gt\":1,\"b\":1}}",
    "{\"a\":{\"b\":{\"$gt\":1}}}",
    "{\"a\":[{\"$where\":\"1\"}]}",
    "{\"a\":{\"$in\":[{\"$gt\":1}]}}",
    "{\"a.$b\":1}",
    "{\".a\":1}",
    "{\"a\":{\"$size\":-1}}",
    "{\"a\":{\"$size\":1.5}}",
    "{\"a\":{\"$exists\":\"yes\"}}",
    "{\"a\":{\"$regex\":1}}",
    "{\"a\":{\"$options\":\"i\"}}",
    "{\"$or\":[]}",
    "{\"$and\":[1]}",
    "{\"a\":{\"__type\":\"Date\"}}",
    "{\"a\":{\"__type\":\"Bytes\",\"base64\":\"\"}}",
    "\"text\"",
    "{\"a\":"
  })
  void refusesAnythingOutsideTheWhitelist(String where) {
    assertThatThrownBy(() -> ConversationQuery.filter(where))
      .isInstanceOfSatisfying(ServiceErrors.ProtocolException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONVERSATION_QUERY_FAILED));
  }

  @Test
  void deepNestingIsRefused() {
    String where = "{\"a\":1}";
    for (int i = 0; i < 40; i++) {
      where = "{\"$and\":[" + where + "]}";
    }
    String deep = where;
    assertThatThrownBy(() -> ConversationQuery.filter(deep)).isInstanceOf(ServiceErrors.ProtocolException.class);
  }

  @Test
  void sortParsesKeysAndDirectionsAndBreaksTies() {
    assertThat(ConversationQuery.sort("-lm,name", DEFAULT_SORT).encode())
      .isEqualTo("{\"lm\":-1,\"name\":1,\"_id\":1}");
    assertThat(ConversationQuery.sort("-objectId", DEFAULT_SORT).encode()).isEqualTo("{\"_id\":-1}");
    assertThat(ConversationQuery.sort(null, DEFAULT_SORT).encode()).isEqualTo("{\"lm\":-1,\"_id\":1}");
    assertThat(ConversationQuery.sort(" attr.rank , ", DEFAULT_SORT).encode()).isEqualTo("{\"attr.rank\":1,\"_id\":1}");
    assertThatThrownBy(() -> ConversationQuery.sort("$natural", DEFAULT_SORT))
      .isInstanceOf(ServiceErrors.ProtocolException.class);
    assertThatThrownBy(() -> ConversationQuery.sort("-", DEFAULT_SORT))
      .isInstanceOf(ServiceErrors.ProtocolException.class);
  }
}
