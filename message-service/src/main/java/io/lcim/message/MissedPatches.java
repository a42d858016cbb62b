package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.MissedPatchesRequest;
import io.lcim.common.ServiceErrors;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.PatchCommand;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Answers {@link Addresses#MESSAGE_MISSED_PATCHES}: the edits and recalls a client missed while offline
 * (docs/protocol.md §3.1), in the conversations it is currently a member of, as one {@code patch/modify} push built
 * like the live ones ({@link PatchCommandHandler#push}).
 */
final class MissedPatches {

  private static final Logger LOG = LoggerFactory.getLogger(MissedPatches.class);
  /** At most this many patches per login, the newest ones: a longer backlog is better served by history. */
  static final int MAX_PATCHES = 1000;
  /** Conversations looked at, like the unread summary (the SDK handles that many at login). */
  static final int MAX_CONVERSATIONS = 999;

  private final MongoClient mongo;
  private final MemberStateStore states;

  MissedPatches(MongoClient mongo, MemberStateStore states) {
    this.mongo = mongo;
    this.states = states;
  }

  Future<Void> register(EventBus eventBus) {
    return eventBus.<Object>consumer(Addresses.MESSAGE_MISSED_PATCHES, this::handle).completion();
  }

  private void handle(Message<Object> message) {
    MissedPatchesRequest request;
    try {
      if (!(message.body() instanceof JsonObject json)) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      request = MissedPatchesRequest.fromJson(json);
    } catch (IllegalArgumentException e) {
      ServiceErrors.reply(message, ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE, e.getMessage()));
      return;
    }
    missed(request).onComplete(patch -> message.reply(Commands.toBuffer(patch)), failure -> {
      LOG.warn("Missed patches of {} failed", request.clientId(), failure);
      ServiceErrors.reply(message, failure);
    });
  }

  /** The {@code patch/modify} command (no {@code peerId}), oldest patch first; no patches when nothing was missed. */
  Future<GenericCommand> missed(MissedPatchesRequest request) {
    return states.statesOf(request.clientId(), null, MAX_CONVERSATIONS)
      .compose(found -> {
        JsonArray cids = new JsonArray();
        found.stream().filter(MemberState::isMember).forEach(state -> cids.add(state.cid()));
        return cids.isEmpty() ? Future.succeededFuture(List.<JsonObject>of()) : patched(cids, request.since());
      })
      .map(MissedPatches::command);
  }

  /** The patched messages, newest patch first: the patch index first, then the messages by id. */
  private Future<List<JsonObject>> patched(JsonArray cids, long since) {
    JsonObject readable = new JsonObject().put("$gt", MessageStore.date(Instant.now()));
    JsonObject filter = new JsonObject()
      .put(StoredMessage.CID, new JsonObject().put("$in", cids))
      .put(StoredMessage.PATCH_TS, new JsonObject().put("$gt", since))
      .put(StoredMessage.EXPIRE_AT, readable);
    FindOptions newest = new FindOptions().setSort(new JsonObject().put(StoredMessage.PATCH_TS, -1))
      .setLimit(MAX_PATCHES);
    return mongo.findWithOptions(MessageStore.PATCHES, filter, newest).compose(patches -> {
      if (patches.isEmpty()) {
        return Future.succeededFuture(List.<JsonObject>of());
      }
      JsonArray ids = new JsonArray();
      patches.forEach(patch -> ids.add(patch.getString(StoredMessage.ID)));
      JsonObject byId = new JsonObject().put(StoredMessage.ID, new JsonObject().put("$in", ids))
        .put(StoredMessage.EXPIRE_AT, readable);
      return mongo.find(MessageStore.COLLECTION, byId).map(messages -> {
        List<JsonObject> newestFirst = new ArrayList<>(messages);
        newestFirst.sort(Comparator.comparingLong((JsonObject doc) -> doc.getLong(StoredMessage.PATCH_TS, 0L))
          .reversed());
        return newestFirst;
      });
    });
  }

  private static GenericCommand command(List<JsonObject> newestFirst) {
    PatchCommand.Builder patches = PatchCommand.newBuilder();
    long newest = 0;
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JsonObject doc = newestFirst.get(i);
      StoredMessage message = StoredMessage.fromDocument(doc);
      PatchCommand live = PatchCommandHandler.push(message, doc.getBoolean(MessageStore.RECALLED, false))
        .getPatchMessage();
      patches.addAllPatches(live.getPatchesList());
      newest = Math.max(newest, message.patchTimestamp());
    }
    if (patches.getPatchesCount() > 0) {
      patches.setLastPatchTime(newest);
    }
    return GenericCommand.newBuilder().setCmd(CommandType.patch).setOp(OpType.modify).setPatchMessage(patches).build();
  }
}
