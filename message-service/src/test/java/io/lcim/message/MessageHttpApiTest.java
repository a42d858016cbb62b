package io.lcim.message;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import static io.lcim.message.HistoryApiFixture.APP_ID;
import static io.lcim.message.HistoryApiFixture.APP_KEY;
import static io.lcim.message.HistoryApiFixture.MASTER_KEY;
import static io.lcim.message.HistoryApiFixture.READABLE_UNTIL;
import static io.lcim.message.HistoryApiFixture.text;
import static io.lcim.message.MessageServiceHarness.block;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /1.2/rtm/conversations/{id}/messages} against a deployed MessageVerticle's own HTTP server. */
@ExtendWith(VertxExtension.class)
class MessageHttpApiTest {

  private static HistoryApiFixture fixture;

  @BeforeAll
  static void start() {
    fixture = HistoryApiFixture.start();
    List<StoredMessage> messages = new ArrayList<>();
    fixture.conversation("c-order");
    for (int i = 1; i <= 5; i++) {
      messages.add(text("c-order", "o" + i, 1000 + i, "o" + i));
    }
    // The doc's example (docs/storage-and-rest.md §5.7), with a message on either side of the range.
    fixture.conversation("c-doc");
    for (int i = 0; i <= 4; i++) {
      messages.add(text("c-doc", "id" + i, 2000 + i, "d" + i));
    }
    // The same, all in one millisecond: only the ids order them.
    fixture.conversation("c-same");
    messages.add(text("c-same", "s0", 2999, "s0"));
    for (int i = 1; i <= 3; i++) {
      messages.add(text("c-same", "s" + i, 3000, "s" + i));
    }
    messages.add(text("c-same", "s4", 3001, "s4"));
    fixture.conversation("c-big");
    IntStream.range(0, 1200).forEach(i -> messages.add(text("c-big", String.format("big-%04d", i), 10_000 + i,
      "b" + i)));
    fixture.conversation("c-walk");
    IntStream.range(0, 250).forEach(i -> messages.add(text("c-walk", String.format("w-%03d", i), 20_000 + i / 5,
      "w" + i)));
    block(fixture.store.insertAll(messages));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void onlyTheMasterKeyIsAccepted(VertxTestContext test) {
    String uri = "/1.2/rtm/conversations/c-order/messages";
    String ts = String.valueOf(System.currentTimeMillis());
    String stale = String.valueOf(System.currentTimeMillis() - 3_600_000);
    unauthorized(uri, MultiMap.caseInsensitiveMultiMap())
      .compose(v -> unauthorized(uri, headers("X-LC-Key", APP_KEY)))
      .compose(v -> unauthorized(uri, headers("X-LC-Key", "wrong,master")))
      .compose(v -> unauthorized(uri, headers("X-LC-Sign", md5(ts + APP_KEY) + "," + ts)))
      .compose(v -> unauthorized(uri, headers("X-LC-Sign", md5(ts + APP_KEY) + "," + ts + ",master")))
      // Right key, but dated 1970 or an hour ago: a captured header is not good for ever.
      .compose(v -> unauthorized(uri, headers("X-LC-Sign", md5("1" + MASTER_KEY) + ",1,master")))
      .compose(v -> unauthorized(uri, headers("X-LC-Sign",
        md5(stale + MASTER_KEY) + "," + stale + ",master")))
      .compose(v -> unauthorized(uri, MultiMap.caseInsensitiveMultiMap().add("X-LC-Id", "other-app")
        .add("X-LC-Key", MASTER_KEY + ",master")))
      .compose(v -> unauthorized("/1.2/rtm/messages", headers("X-LC-Key", APP_KEY)))
      .compose(v -> fixture.get(uri, headers("X-LC-Key", MASTER_KEY + ",master")))
      .map(answer -> assertThat(answer.status()).as("master key").isEqualTo(200))
      .compose(v -> fixture.get(uri, headers("X-LC-Sign", md5(ts + MASTER_KEY) + "," + ts + ",master")))
      .map(answer -> {
        assertThat(answer.status()).as("signed with the master key").isEqualTo(200);
        assertThat(answer.ids()).containsExactly("o5", "o4", "o3", "o2", "o1");
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void newestFirstByDefaultOldestFirstWhenReversed(VertxTestContext test) {
    fixture.get("/1.2/rtm/conversations/c-order/messages")
      .map(answer -> {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.ids()).containsExactly("o5", "o4", "o3", "o2", "o1");
        return null;
      })
      .compose(v -> ids("/1.2/rtm/conversations/c-order/messages?reversed=true"))
      .map(ids -> assertThat(ids).containsExactly("o1", "o2", "o3", "o4", "o5"))
      .compose(v -> ids("/1.2/rtm/conversations/c-order/messages?limit=2"))
      .map(ids -> assertThat(ids).as("the newest two").containsExactly("o5", "o4"))
      .compose(v -> ids("/1.2/rtm/conversations/c-order/messages?limit=2&reversed=true"))
      .map(ids -> assertThat(ids).as("the oldest two").containsExactly("o1", "o2"))
      .compose(v -> ids("/1.2/rtm/conversations/c-order/messages?timestamp=1004"))
      .map(ids -> assertThat(ids).as("a timestamp alone is a cursor").containsExactly("o3", "o2", "o1"))
      .compose(v -> ids("/1.2/rtm/conversations/c-order/messages?timestamp=1002&reversed=true"))
      .map(ids -> assertThat(ids).containsExactly("o3", "o4", "o5"))
      .compose(v -> ids("/1.2/rtm/conversations/c-order/messages?till_timestamp=1003&include_stop=true"))
      .map(ids -> assertThat(ids).as("an end alone").containsExactly("o5", "o4", "o3"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void theDocumentedCursorExampleWithItsIncludeFlags(VertxTestContext test) {
    String base = "/1.2/rtm/conversations/c-doc/messages?timestamp=2003&msgid=id3&till_timestamp=2001&till_msgid=id1";
    String back = "/1.2/rtm/conversations/c-doc/messages?timestamp=2001&msgid=id1&till_timestamp=2003&till_msgid=id3"
      + "&reversed=true";
    ids(base)
      .map(ids -> assertThat(ids).containsExactly("id2"))
      .compose(v -> ids(base + "&include_start=true"))
      .map(ids -> assertThat(ids).containsExactly("id3", "id2"))
      .compose(v -> ids(base + "&include_stop=true"))
      .map(ids -> assertThat(ids).containsExactly("id2", "id1"))
      .compose(v -> ids(base + "&include_start=true&include_stop=true"))
      .map(ids -> assertThat(ids).containsExactly("id3", "id2", "id1"))
      .compose(v -> ids(base + "&include_start=false&include_stop=0"))
      .map(ids -> assertThat(ids).containsExactly("id2"))
      .compose(v -> ids(back))
      .map(ids -> assertThat(ids).containsExactly("id2"))
      .compose(v -> ids(back + "&include_start=1&include_stop=TRUE"))
      .map(ids -> assertThat(ids).containsExactly("id1", "id2", "id3"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void theSameExampleInsideOneMillisecond(VertxTestContext test) {
    String base = "/1.2/rtm/conversations/c-same/messages?timestamp=3000&msgid=s3&till_timestamp=3000&till_msgid=s1";
    ids(base)
      .map(ids -> assertThat(ids).containsExactly("s2"))
      .compose(v -> ids(base + "&include_start=true"))
      .map(ids -> assertThat(ids).containsExactly("s3", "s2"))
      .compose(v -> ids(base + "&include_stop=true"))
      .map(ids -> assertThat(ids).containsExactly("s2", "s1"))
      .compose(v -> ids(base + "&include_start=true&include_stop=true"))
      .map(ids -> assertThat(ids).containsExactly("s3", "s2", "s1"))
      .compose(v -> ids("/1.2/rtm/conversations/c-same/messages?timestamp=3000&msgid=s1&till_timestamp=3000"
        + "&till_msgid=s3&reversed=true&include_stop=true"))
      .map(ids -> assertThat(ids).containsExactly("s2", "s3"))
      .compose(v -> ids("/1.2/rtm/conversations/c-same/messages?timestamp=3000&msgid=s2"))
      .map(ids -> assertThat(ids).as("older than s2, across the millisecond").containsExactly("s1", "s0"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void pagingWithTheLastItemAsCursorSeesEveryMessageOnce(VertxTestContext test) {
    List<String> seen = new ArrayList<>();
    walk("/1.2/rtm/conversations/c-walk/messages?limit=7", "", seen, 0)
      .map(v -> {
        List<String> expected = new ArrayList<>(IntStream.range(0, 250)
          .mapToObj(i -> String.format("w-%03d", i)).toList());
        Collections.reverse(expected);
        assertThat(seen).containsExactlyElementsOf(expected);
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void limitDefaultsToOneHundredAndIsClampedToTheMaximum(VertxTestContext test) {
    String uri = "/1.2/rtm/conversations/c-big/messages";
    fixture.get(uri)
      .map(answer -> {
        assertThat(answer.array()).hasSize(100);
        assertThat(answer.array().getJsonObject(0).getString("data")).isEqualTo("b1199");
        assertThat(answer.array().getJsonObject(99).getString("data")).isEqualTo("b1100");
        return null;
      })
      .compose(v -> fixture.get(uri + "?limit=1000"))
      .map(answer -> assertThat(answer.array()).hasSize(1000))
      .compose(v -> fixture.get(uri + "?limit=5000"))
      .map(answer -> {
        assertThat(answer.array()).as("clamped").hasSize(1000);
        assertThat(answer.array().getJsonObject(999).getString("data")).isEqualTo("b200");
        return null;
      })
      .compose(v -> fixture.get(uri + "?limit=0"))
      .map(answer -> assertThat(answer.array()).hasSize(0))
      .compose(v -> fixture.get(uri + "?limit=3&reversed=true"))
      .map(answer -> assertThat(answer.ids()).containsExactly("big-0000", "big-0001", "big-0002"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void unreadableParametersAreA400NamingThem(VertxTestContext test) {
    String uri = "/1.2/rtm/conversations/c-order/messages?";
    badParameter(uri + "limit=ten", "limit")
      .compose(v -> badParameter(uri + "limit=-1", "limit"))
      .compose(v -> badParameter(uri + "timestamp=yesterday", "timestamp"))
      .compose(v -> badParameter(uri + "till_timestamp=1.5", "till_timestamp"))
      .compose(v -> badParameter(uri + "msgid=o3", "msgid"))
      .compose(v -> badParameter(uri + "till_msgid=o3", "till_msgid"))
      .compose(v -> badParameter(uri + "reversed=maybe", "reversed"))
      .compose(v -> badParameter(uri + "timestamp=1003&include_start=yes", "include_start"))
      .compose(v -> badParameter(uri + "limit=%zz", "query string"))
      .compose(v -> badParameter("/1.2/rtm/messages?limit=x", "limit"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void itemsHaveLeanCloudsShapeAndBinaryPayloadsAreBase64(VertxTestContext test) {
    fixture.conversation("c-shape");
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    StoredMessage binary = StoredMessage.binary("sh-2", "c-shape", "bob", 4002, bytes, List.of(), false, null,
      READABLE_UNTIL);
    fixture.store.insertAll(List.of(text("c-shape", "sh-1", 4001, "{\"_lctype\":-1,\"_lctext\":\"hi\"}"), binary))
      .compose(v -> fixture.get("/1.2/rtm/conversations/c-shape/messages"))
      .map(answer -> {
        JsonObject newest = answer.array().getJsonObject(0);
        assertThat(newest.fieldNames()).containsExactlyInAnyOrder("timestamp", "conv-id", "data", "from", "msg-id",
          "is-conv", "is-room", "to", "bin");
        assertThat(newest.getLong("timestamp")).isEqualTo(4002);
        assertThat(newest.getString("msg-id")).isEqualTo("sh-2");
        assertThat(newest.getString("from")).isEqualTo("bob");
        assertThat(newest.getBoolean("bin")).isTrue();
        assertThat(Base64.getDecoder().decode(newest.getString("data"))).isEqualTo(bytes);
        assertThat(newest.getString("conv-id")).isEqualTo("c-shape");
        assertThat(newest.getString("to")).isEqualTo("c-shape");
        assertThat(newest.getBoolean("is-conv")).isTrue();
        assertThat(newest.getBoolean("is-room")).isFalse();
        JsonObject older = answer.array().getJsonObject(1);
        assertThat(older.getBoolean("bin")).isFalse();
        assertThat(older.getString("data")).isEqualTo("{\"_lctype\":-1,\"_lctext\":\"hi\"}");
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void chatRoomMessagesAreMarkedAndServedUnderBothPaths(VertxTestContext test) {
    fixture.chatRoom("c-room");
    fixture.store.insert(text("c-room", "room-1", 4500, "hello room"))
      .compose(v -> fixture.get("/1.2/rtm/conversations/c-room/messages"))
      .map(answer -> assertThat(answer.array().getJsonObject(0).getBoolean("is-room")).isTrue())
      .compose(v -> fixture.get("/1.2/rtm/chatrooms/c-room/messages"))
      .map(answer -> assertThat(answer.ids()).containsExactly("room-1"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void expiredMessagesAreHiddenAlthoughStillStored(VertxTestContext test) {
    fixture.conversation("c-expiry");
    Instant past = Instant.now().minusSeconds(1);
    List<StoredMessage> messages = List.of(
      text("c-expiry", "e1", 5000, "kept-1"),
      new StoredMessage("e2", "c-expiry", "alice", 5001, "expired", false, null, List.of(), false, null, null, past),
      text("c-expiry", "e3", 5002, "kept-3"));
    fixture.store.insertAll(messages)
      .compose(v -> ids("/1.2/rtm/conversations/c-expiry/messages"))
      .map(ids -> assertThat(ids).containsExactly("e3", "e1"))
      .compose(v -> ids("/1.2/rtm/conversations/c-expiry/messages?timestamp=5002&limit=1"))
      .map(ids -> assertThat(ids).containsExactly("e1"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void unknownConversationIsA404AndAnUnreachableConversationServiceA500(VertxTestContext test) {
    fixture.brokenConversation("c-broken");
    fixture.get("/1.2/rtm/conversations/c-nowhere/messages")
      .map(answer -> {
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.object().getInteger("code")).isEqualTo(4303);
        assertThat(answer.object().getString("error")).contains("c-nowhere");
        return null;
      })
      .compose(v -> fixture.get("/1.2/rtm/conversations/c-broken/messages"))
      .map(answer -> {
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.object().getInteger("code")).isEqualTo(1);
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void browsersGetCorsPreflights(VertxTestContext test) {
    fixture.request(new RequestOptions().setMethod(HttpMethod.OPTIONS).setURI("/1.2/rtm/messages")
        .putHeader("Origin", "http://console.example")
        .putHeader("Access-Control-Request-Method", "GET")
        .putHeader("Access-Control-Request-Headers", "X-LC-Id,X-LC-Sign"))
      .map(answer -> {
        assertThat(answer.status()).isEqualTo(204);
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  private static Future<List<String>> ids(String uri) {
    return fixture.get(uri).map(answer -> {
      assertThat(answer.status()).as("%s: %s", uri, answer.body()).isEqualTo(200);
      return answer.ids();
    });
  }

  /** Pages newest first like an app backend: the next cursor is the last (oldest) item, exclusive. */
  private static Future<Void> walk(String firstPage, String cursor, List<String> seen, int pages) {
    if (pages > 100) {
      return Future.failedFuture(new AssertionError("history paging does not end"));
    }
    return fixture.get(firstPage + cursor).compose(answer -> {
      assertThat(answer.array().size()).isLessThanOrEqualTo(7);
      if (answer.array().isEmpty()) {
        return Future.succeededFuture();
      }
      seen.addAll(answer.ids());
      JsonObject last = answer.array().getJsonObject(answer.array().size() - 1);
      String next = "&timestamp=" + last.getLong("timestamp") + "&msgid=" + last.getString("msg-id");
      return walk(firstPage, next, seen, pages + 1);
    });
  }

  private static Future<Void> unauthorized(String uri, MultiMap headers) {
    return fixture.get(uri, headers).map(answer -> {
      assertThat(answer.status()).as("%s", headers).isEqualTo(401);
      assertThat(answer.object()).isEqualTo(new JsonObject().put("code", 401).put("error", "Unauthorized."));
      return null;
    });
  }

  private static Future<Void> badParameter(String uri, String named) {
    return fixture.get(uri).map(answer -> {
      assertThat(answer.status()).as(uri).isEqualTo(400);
      assertThat(answer.object().getInteger("code")).isEqualTo(107);
      assertThat(answer.object().getString("error")).as(uri).contains(named);
      return null;
    });
  }

  private static MultiMap headers(String name, String value) {
    return MultiMap.caseInsensitiveMultiMap().add("X-LC-Id", APP_ID).add(name, value);
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
