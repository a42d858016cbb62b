package io.lcim.message;

import io.lcim.common.AppCredentials;
import io.lcim.common.ConversationMembers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The history routes of LeanCloud's IM REST API (docs/storage-and-rest.md §5), for app backends holding the master
 * key:
 * <ul>
 *   <li>{@value #CONVERSATION_MESSAGES} (and {@value #CHAT_ROOM_MESSAGES}, the same for chat rooms): one
 *       conversation's history; an unknown conversation is a 404;</li>
 *   <li>{@value #APP_MESSAGES}: every conversation's messages in one {@code (timestamp, id)} order, the export
 *       path.</li>
 * </ul>
 * Parameters are read by {@link HistoryRequest}; the answer is a JSON array of {@link RestHistoryItems}, newest
 * first, or oldest first with {@code reversed=true}. Paths are absolute, so the router mounts at {@code /} next to
 * other routes (the gateway's server in standalone mode) or alone (the service's own server).
 */
final class MessageHttpApi {

  static final String CONVERSATION_MESSAGES = "/1.2/rtm/conversations/:cid/messages";
  static final String CHAT_ROOM_MESSAGES = "/1.2/rtm/chatrooms/:cid/messages";
  static final String APP_MESSAGES = "/1.2/rtm/messages";

  private static final Logger LOG = LoggerFactory.getLogger(MessageHttpApi.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final Set<String> CORS_HEADERS = Set.of("X-LC-Id", "X-LC-Sign", "X-LC-Key", "X-LC-Session",
    "X-LC-UA", "X-LC-Prod", "Content-Type");

  private final AppCredentials credentials;
  private final int maxLimit;
  private final MessageStore store;
  private final AppWideHistory appHistory;
  private final MembershipLookup membership;

  private MessageHttpApi(AppCredentials credentials, int maxLimit, MessageStore store, AppWideHistory appHistory,
                         MembershipLookup membership) {
    this.credentials = credentials;
    this.maxLimit = maxLimit;
    this.store = store;
    this.appHistory = appHistory;
    this.membership = membership;
  }

  static Router router(Vertx vertx, MessageConfig config, MessageStore store, AppWideHistory appHistory,
                       MembershipLookup membership) {
    MessageHttpApi api = new MessageHttpApi(config.credentials(), config.logsMaxLimit(), store, appHistory,
      membership);
    Router router = Router.router(vertx);
    CorsHandler cors = CorsHandler.create()
      .addOrigin("*")
      .allowedMethod(HttpMethod.GET)
      .allowedHeaders(CORS_HEADERS)
      .maxAgeSeconds(86400);
    get(router, cors, CONVERSATION_MESSAGES, api::conversationMessages);
    get(router, cors, CHAT_ROOM_MESSAGES, api::conversationMessages);
    get(router, cors, APP_MESSAGES, api::appMessages);
    // A query that does not decode (limit=%zz) fails while routes are matched, before any failure handler.
    HttpApiError undecodable = HttpApiError.invalidParameter("The query string does not decode.");
    router.errorHandler(400, ctx -> send(ctx, undecodable));
    return router;
  }

  private Future<Void> conversationMessages(RoutingContext ctx) {
    requireMasterKey(ctx);
    String cid = ctx.pathParam("cid");
    HistoryQuery query = HistoryRequest.parse(cid, ctx.queryParams(), maxLimit);
    return membership.members(cid).compose(members -> {
      if (!members.found()) {
        return Future.failedFuture(HttpApiError.conversationNotFound(cid).failure());
      }
      Set<String> chatRooms = members.transientConversation() ? Set.of(cid) : Set.of();
      return store.page(query, Instant.now())
        .map(page -> RestHistoryItems.toJson(walkOrder(query, page), chatRooms));
    }).compose(items -> answer(ctx, items));
  }

  private Future<Void> appMessages(RoutingContext ctx) {
    requireMasterKey(ctx);
    HistoryQuery query = HistoryRequest.parse(null, ctx.queryParams(), maxLimit);
    return appHistory.page(query, Instant.now())
      .compose(page -> chatRoomsAmong(page).map(chatRooms -> RestHistoryItems.toJson(walkOrder(query, page),
        chatRooms)))
      .compose(items -> answer(ctx, items));
  }

  /** {@code is-room} needs each conversation's type; a deleted conversation counts as not a chat room. */
  private Future<Set<String>> chatRoomsAmong(List<StoredMessage> page) {
    Set<String> cids = page.stream().map(StoredMessage::cid).collect(Collectors.toCollection(LinkedHashSet::new));
    List<Future<ConversationMembers>> lookups = cids.stream().map(membership::members).toList();
    return Future.all(lookups).map(all -> lookups.stream()
      .map(Future::result)
      .filter(ConversationMembers::transientConversation)
      .map(ConversationMembers::cid)
      .collect(Collectors.toSet()));
  }

  /** Pages come oldest first from the store; the REST answer lists them in the order walked (newest first). */
  private static List<StoredMessage> walkOrder(HistoryQuery query, List<StoredMessage> oldestFirst) {
    if (!query.newestFirst()) {
      return oldestFirst;
    }
    List<StoredMessage> newestFirst = new ArrayList<>(oldestFirst);
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  private void requireMasterKey(RoutingContext ctx) {
    if (credentials.authenticate(ctx.request().headers()) != AppCredentials.Access.MASTER) {
      throw HttpApiError.UNAUTHORIZED.failure();
    }
  }

  private static void get(Router router, CorsHandler cors, String path,
                          Function<RoutingContext, Future<Void>> action) {
    router.route(path).handler(cors);
    router.get(path).handler(answering(action)).failureHandler(ctx -> fail(ctx, ctx.failure()));
  }

  /** Runs an action; its failure, thrown or as a future, becomes the JSON error. */
  private static Handler<RoutingContext> answering(Function<RoutingContext, Future<Void>> action) {
    return ctx -> {
      Future<Void> done;
      try {
        done = action.apply(ctx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onFailure(failure -> fail(ctx, failure));
    };
  }

  private static Future<Void> answer(RoutingContext ctx, JsonArray items) {
    return ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(items.encode());
  }

  /** Our own errors as they are, vertx-web's 4xx (an undecodable query) as a 400; the rest is a logged 500. */
  private static void fail(RoutingContext ctx, Throwable failure) {
    HttpApiError error;
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (failure instanceof HttpApiError.Failure known) {
      error = known.error();
    } else if (status >= 400 && status < 500) {
      error = HttpApiError.invalidParameter(failure == null ? "Bad request." : failure.getMessage());
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      error = HttpApiError.INTERNAL;
    }
    send(ctx, error);
  }

  private static void send(RoutingContext ctx, HttpApiError error) {
    if (ctx.response().headWritten()) {
      return;
    }
    ctx.response().setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
      .end(new JsonObject().put("code", error.code()).put("error", error.message()).encode());
  }
}
