package io.lcim.message;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static io.lcim.message.HistoryApiFixture.text;
import static io.lcim.message.MessageServiceHarness.block;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /1.2/rtm/messages}: every conversation's messages in one order, with the same paging as one
 * conversation's history; and the router mounted on another server, as the gateway does in standalone mode.
 */
@ExtendWith(VertxExtension.class)
class AppMessagesApiTest {

  private static HistoryApiFixture fixture;

  @BeforeAll
  static void start() {
    fixture = HistoryApiFixture.start();
    fixture.conversation("c-a");
    fixture.chatRoom("c-room");
    fixture.brokenConversation("c-broken");
    // c-gone is unknown to conversation-service (deleted since): its messages are still exported.
    block(fixture.store.insertAll(List.of(
      text("c-broken", "b1", 50, "b1"),
      text("c-a", "a1", 100, "a1"),
      text("c-room", "r1", 101, "r1"),
      text("c-a", "a2", 102, "a2"),
      text("c-gone", "g1", 103, "g1"),
      text("c-a", "a3", 104, "a3"),
      text("c-room", "r2", 104, "r2"),
      new StoredMessage("x1", "c-a", "alice", 105, "expired", false, null, List.of(), false, null, null,
        Instant.now().minusSeconds(1)))));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void everyConversationNewestFirstOrOldestFirstWhenReversed(VertxTestContext test) {
    fixture.get("/1.2/rtm/messages?limit=6")
      .map(answer -> {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.ids()).as("x1 has expired").containsExactly("r2", "a3", "g1", "a2", "r1", "a1");
        List<String> cids = answer.array().stream().map(item -> ((JsonObject) item).getString("conv-id")).toList();
        assertThat(cids).containsExactly("c-room", "c-a", "c-gone", "c-a", "c-room", "c-a");
        List<Boolean> rooms = answer.array().stream().map(item -> ((JsonObject) item).getBoolean("is-room")).toList();
        assertThat(rooms).containsExactly(true, false, false, false, true, false);
        return null;
      })
      .compose(v -> fixture.get("/1.2/rtm/messages?timestamp=50&reversed=true"))
      .map(answer -> assertThat(answer.ids()).containsExactly("a1", "r1", "a2", "g1", "a3", "r2"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void pagesFollowTheCursorsAcrossConversations(VertxTestContext test) {
    fixture.get("/1.2/rtm/messages?limit=2")
      .map(answer -> assertThat(answer.ids()).containsExactly("r2", "a3"))
      .compose(v -> fixture.get("/1.2/rtm/messages?limit=2&timestamp=104&msgid=a3"))
      .map(answer -> assertThat(answer.ids()).containsExactly("g1", "a2"))
      .compose(v -> fixture.get("/1.2/rtm/messages?limit=2&timestamp=102&msgid=a2"))
      .map(answer -> assertThat(answer.ids()).containsExactly("r1", "a1"))
      .compose(v -> fixture.get("/1.2/rtm/messages?timestamp=104&msgid=r2&till_timestamp=101&till_msgid=r1"
        + "&include_start=true&include_stop=true"))
      .map(answer -> assertThat(answer.ids()).containsExactly("r2", "a3", "g1", "a2", "r1"))
      .compose(v -> fixture.get("/1.2/rtm/messages?timestamp=100&msgid=a1&till_timestamp=104&till_msgid=r2"
        + "&reversed=true"))
      .map(answer -> assertThat(answer.ids()).containsExactly("r1", "a2", "g1", "a3"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aPageWhoseConversationTypeCannotBeLookedUpFailsWhole(VertxTestContext test) {
    fixture.get("/1.2/rtm/messages?reversed=true&limit=1")
      .map(answer -> {
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.object()).isEqualTo(new JsonObject().put("code", 1).put("error", "Internal server error."));
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void theRouterMountsOnAnotherServerNextToItsRoutes(VertxTestContext test) {
    Router root = Router.router(fixture.vertx);
    root.get("/health").handler(ctx -> ctx.end("up"));
    root.route("/*").subRouter(fixture.verticle.httpRouter());
    root.get("/after").handler(ctx -> ctx.end("after"));
    HttpServer server = fixture.vertx.createHttpServer().requestHandler(root);
    server.listen(0, "127.0.0.1")
      .compose(s -> onPort(s.actualPort(), "/1.2/rtm/conversations/c-a/messages?limit=1")
        .map(answer -> {
          assertThat(answer.status()).isEqualTo(200);
          assertThat(answer.ids()).containsExactly("a3");
          return null;
        })
        .compose(v -> onPort(s.actualPort(), "/after"))
        .map(answer -> assertThat(answer.body().toString()).as("routes after the mount still answer")
          .isEqualTo("after"))
        .compose(v -> onPort(s.actualPort(), "/health"))
        .map(answer -> assertThat(answer.body().toString()).isEqualTo("up")))
      .eventually(server::close)
      .onComplete(test.succeedingThenComplete());
  }

  private static Future<HistoryApiFixture.Answer> onPort(int port, String uri) {
    return fixture.request(new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setURI(uri)
      .setHeaders(HistoryApiFixture.masterKey()));
  }
}
