package io.lcim.message;

import com.google.protobuf.ByteString;
import io.lcim.common.Addresses;
import io.lcim.common.ErrorCode;
import io.lcim.common.LastMessage;
import io.lcim.common.PushDispatcher;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.PatchCommand;
import io.lcim.common.proto.PatchItem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Editing and recalling messages ({@code patch/modify}, docs/protocol.md §3.18): only the sender of a stored message
 * may patch it. The new content is stored first, then pushed to every other session of the members as
 * {@code patch/modify}; the sender gets {@code patch/modified} with the patch time.
 */
final class PatchCommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(PatchCommandHandler.class);
  /** What the SDK shows as a {@code RecalledMessage}; an empty payload would parse as a generic message. */
  static final String RECALLED_DATA = "{\"_lctype\":-127}";
  /** The SDK patches one message per command; a few more are accepted, a flood is not a client. */
  static final int MAX_PATCHES = 20;

  private final MessageConfig config;
  private final MessageStore store;
  private final MembershipLookup membership;
  private final PushDispatcher pushes;
  private final EventBus eventBus;
  // Patch times of this instance strictly increase, so a client's lastPatchTime cursor never skips one of them.
  private final AtomicLong lastPatchTime = new AtomicLong();

  PatchCommandHandler(MessageConfig config, MessageStore store, MembershipLookup membership, PushDispatcher pushes,
                      EventBus eventBus) {
    this.config = config;
    this.store = store;
    this.membership = membership;
    this.pushes = pushes;
    this.eventBus = eventBus;
  }

  Future<GenericCommand> handle(ServiceRequest request, PatchCommand patch) {
    if (patch.getPatchesCount() == 0) {
      return Future.failedFuture(ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE,
        "patchMessage.patches is empty"));
    }
    if (patch.getPatchesCount() > MAX_PATCHES) {
      return Future.failedFuture(ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE,
        "at most " + MAX_PATCHES + " patches in one command"));
    }
    // One after the other: a failure stops the rest, and the answer carries the newest patch time.
    Future<Long> chain = Future.succeededFuture(0L);
    for (PatchItem item : patch.getPatchesList()) {
      chain = chain.compose(newest -> apply(request, item).map(time -> Math.max(newest, time)));
    }
    return chain.map(newest -> GenericCommand.newBuilder()
      .setCmd(CommandType.patch)
      .setOp(OpType.modified)
      .setPatchMessage(PatchCommand.newBuilder().setLastPatchTime(newest))
      .build());
  }

  private Future<Long> apply(ServiceRequest request, PatchItem item) {
    try {
      validate(item);
    } catch (ServiceErrors.ProtocolException e) {
      return Future.failedFuture(e);
    }
    String cid = item.getCid();
    return membership.membersFor(cid, request.clientId()).compose(members -> {
      if (!members.found() || !members.isMember(request.clientId())) {
        return Future.failedFuture(ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET,
          request.clientId() + " is not a member of conversation " + cid));
      }
      return store.find(cid, item.getMid(), Instant.now()).compose(original -> {
        if (original == null) {
          return Future.failedFuture(ServiceErrors.error(ErrorCode.MESSAGE_NOT_FOUND,
            "no message " + item.getMid() + " in conversation " + cid));
        }
        if (!original.from().equals(request.clientId())) {
          return Future.failedFuture(ServiceErrors.error(ErrorCode.MESSAGE_OWNERSHIP_REQUIRED,
            "only " + original.from() + " may edit or recall message " + original.id()));
        }
        StoredMessage patched = patched(original, item, nextPatchTime(original.timestamp()));
        return store.replaceContent(patched, item.getRecall())
          // conversation-service keeps it only if this is the conversation's last message
          .onSuccess(v -> eventBus.send(Addresses.CONVERSATION_LAST_MESSAGE, new LastMessage(cid, patched.id(),
            patched.from(), patched.timestamp(), patched.data(), patched.binary()).toJson()))
          .compose(v -> pushes.push(members.members(), push(patched, item.getRecall()), request.sessionId())
            .recover(failure -> {
              LOG.warn("Patch of {} in {} is stored but could not be pushed", patched.id(), cid, failure);
              return Future.succeededFuture();
            }))
          .map(v -> patched.patchTimestamp());
      });
    });
  }

  private void validate(PatchItem item) {
    if (item.getCid().isEmpty() || item.getMid().isEmpty()) {
      throw ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE, "a patch needs cid and mid");
    }
    if (item.getRecall()) {
      return;
    }
    if (item.hasData() == item.hasBinaryMsg()) {
      throw ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE, item.hasData()
        ? "a patch carries data or binaryMsg, not both"
        : "an edit needs data or binaryMsg");
    }
    int size = item.hasData() ? item.getDataBytes().size() : item.getBinaryMsg().size();
    if (size > config.maxMessageBytes()) {
      throw ServiceErrors.error(ErrorCode.FRAME_TOO_LONG,
        "message is " + size + " bytes, the limit is " + config.maxMessageBytes());
    }
  }

  private long nextPatchTime(long messageTimestamp) {
    long now = System.currentTimeMillis();
    return lastPatchTime.updateAndGet(previous -> Math.max(Math.max(now, previous + 1), messageTimestamp + 1));
  }

  /** The message with its new content: the recall marker, or the edit's payload and mentions. */
  static StoredMessage patched(StoredMessage original, PatchItem item, long patchTime) {
    if (item.getRecall()) {
      return new StoredMessage(original.id(), original.cid(), original.from(), original.timestamp(), RECALLED_DATA,
        false, PayloadTypes.lctypeOf(RECALLED_DATA), null, false, original.sendKey(), patchTime,
        original.expireAt());
    }
    boolean binary = item.hasBinaryMsg();
    String data = binary ? Base64.getEncoder().encodeToString(item.getBinaryMsg().toByteArray()) : item.getData();
    return new StoredMessage(original.id(), original.cid(), original.from(), original.timestamp(), data, binary,
      binary ? null : PayloadTypes.lctypeOf(data), item.getMentionPidsList(), item.getMentionAll(),
      original.sendKey(), patchTime, original.expireAt());
  }

  /** What the other sessions receive; optional flags only when true (proto2 presence). */
  static GenericCommand push(StoredMessage patched, boolean recall) {
    PatchItem.Builder item = PatchItem.newBuilder()
      .setCid(patched.cid())
      .setMid(patched.id())
      .setTimestamp(patched.timestamp())
      .setFrom(patched.from())
      .setPatchTimestamp(patched.patchTimestamp())
      .addAllMentionPids(patched.mentionPids());
    if (patched.binary()) {
      item.setBinaryMsg(ByteString.copyFrom(Base64.getDecoder().decode(patched.data())));
    } else {
      item.setData(patched.data());
    }
    if (recall) {
      item.setRecall(true);
    }
    if (patched.mentionAll()) {
      item.setMentionAll(true);
    }
    return GenericCommand.newBuilder()
      .setCmd(CommandType.patch)
      .setOp(OpType.modify)
      .setPatchMessage(PatchCommand.newBuilder().addPatches(item).setLastPatchTime(patched.patchTimestamp()))
      .build();
  }
}
