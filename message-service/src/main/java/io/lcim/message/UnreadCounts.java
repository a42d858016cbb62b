package io.lcim.message;

import com.google.protobuf.ByteString;
import io.lcim.common.UnreadRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.UnreadCommand;
import io.lcim.common.proto.UnreadTuple;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.CountOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code unread} push a client gets right after login (docs/protocol.md §3.15): per conversation, the exact number
 * of messages from others stored after the member's last {@code read} (and after joining), with the conversation's
 * last message. Counts are taken from history at login rather than kept as counters, so sends and reads racing
 * each other can never make them drift, and a message costs no per-member write.
 *
 * <p>Work per login is bounded: at most {@link #MAX_CONVERSATIONS} of the client's conversations (its most recently
 * joined or read ones), one indexed read of each one's newest message, and a count (an index range walk, at most
 * {@link #MAX_COUNT}) only where that message is newer than the member's read mark.
 */
final class UnreadCounts {

  /** The SDK fetches the listed conversations with one query of limit 999. */
  static final int MAX_CONVERSATIONS = 999;
  /** Counting stops here; a larger backlog is reported as this many. */
  static final int MAX_COUNT = 10_000;
  /**
   * A state change is written a little after the time it carries (a message's timestamp is issued before it is
   * stored): changes this close to the client's cursor are listed again. Listing a conversation twice is harmless;
   * the SDK only reports counts that differ from what it has.
   */
  static final long CURSOR_MARGIN_MILLIS = 10_000;
  /** Conversations counted at once, so that one login cannot flood the store with queries. */
  private static final int BATCH = 16;

  private final MongoClient mongo;
  private final MemberStateStore states;

  UnreadCounts(MongoClient mongo, MemberStateStore states) {
    this.mongo = mongo;
    this.states = states;
  }

  /** The {@code unread} command (no {@code peerId}); {@code convs} is empty when nothing is worth a push. */
  Future<GenericCommand> summary(UnreadRequest request) {
    long now = System.currentTimeMillis();
    Long changedAfter = request.since() == null ? null : request.since() - CURSOR_MARGIN_MILLIS;
    return states.statesOf(request.clientId(), null, MAX_CONVERSATIONS)
      .compose(found -> tuples(found.stream().filter(MemberState::isMember).toList(), changedAfter,
        Instant.ofEpochMilli(now)))
      .map(tuples -> GenericCommand.newBuilder()
        .setCmd(CommandType.unread)
        .setUnreadMessage(UnreadCommand.newBuilder().addAllConvs(tuples).setNotifTime(now))
        .build());
  }

  /**
   * On a first login ({@code changedAfter} null) only news is listed: unread messages or an unseen invitation. After
   * that, every conversation whose newest message or member state changed since the client's cursor.
   */
  private Future<List<UnreadTuple>> tuples(List<MemberState> candidates, Long changedAfter, Instant now) {
    List<UnreadTuple> tuples = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < candidates.size(); from += BATCH) {
      List<MemberState> batch = candidates.subList(from, Math.min(candidates.size(), from + BATCH));
      chain = chain.compose(v -> Future.all(batch.stream().map(state -> tuple(state, changedAfter, now)).toList())
        .map(done -> {
          for (int i = 0; i < batch.size(); i++) {
            UnreadTuple tuple = done.resultAt(i);
            if (tuple != null) {
              tuples.add(tuple);
            }
          }
          return null;
        }));
    }
    return chain.map(v -> tuples);
  }

  /** The tuple of one conversation, or null when it is not worth listing. */
  private Future<UnreadTuple> tuple(MemberState state, Long changedAfter, Instant now) {
    return lastMessage(state.cid(), now).compose(last -> {
      long lastTs = last == null ? 0 : last.timestamp();
      boolean firstLogin = changedAfter == null;
      boolean changed = firstLogin ? state.joinedUnseen() : lastTs > changedAfter || state.notifTime() > changedAfter;
      if (!firstLogin && !changed) {
        return Future.succeededFuture(null);
      }
      if (!state.mayHaveUnread(lastTs)) {
        return Future.succeededFuture(changed ? build(state, last, 0) : null);
      }
      return countUnread(state, now).map(unread -> changed || unread > 0 ? build(state, last, unread) : null);
    });
  }

  private static UnreadTuple build(MemberState state, StoredMessage last, long unread) {
    UnreadTuple.Builder tuple = UnreadTuple.newBuilder().setCid(state.cid()).setUnread((int) unread);
    if (last != null) {
      addLastMessage(tuple, last);
    }
    if (unread > 0 && state.mentionedSinceRead()) {
      tuple.setMentioned(true);
    }
    return tuple.build();
  }

  private Future<Long> countUnread(MemberState state, Instant now) {
    JsonObject filter = readable(state.cid(), now)
      .put(StoredMessage.TS, new JsonObject().put("$gt", state.unreadAfter()))
      .put(StoredMessage.FROM, new JsonObject().put("$ne", state.clientId()));
    return mongo.countWithOptions(MessageStore.COLLECTION, filter, new CountOptions().setLimit(MAX_COUNT));
  }

  private Future<StoredMessage> lastMessage(String cid, Instant now) {
    FindOptions newest = new FindOptions().setLimit(1)
      .setSort(new JsonObject().put(StoredMessage.TS, -1).put(StoredMessage.ID, -1));
    return mongo.findWithOptions(MessageStore.COLLECTION, readable(cid, now), newest)
      .map(docs -> docs.isEmpty() ? null : StoredMessage.fromDocument(docs.get(0)));
  }

  /** Expired messages are history no more, and not unread either (the store may never delete them). */
  private static JsonObject readable(String cid, Instant now) {
    return new JsonObject().put(StoredMessage.CID, cid)
      .put(StoredMessage.EXPIRE_AT, new JsonObject().put("$gt", MessageStore.date(now)));
  }

  private static void addLastMessage(UnreadTuple.Builder tuple, StoredMessage last) {
    tuple.setMid(last.id()).setTimestamp(last.timestamp()).setFrom(last.from());
    if (last.binary()) {
      tuple.setBinaryMsg(ByteString.copyFrom(Base64.getDecoder().decode(last.data())));
    } else {
      tuple.setData(last.data());
    }
    if (last.patchTimestamp() != null) {
      tuple.setPatchTimestamp(last.patchTimestamp());
    }
  }
}
