package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.ConversationMembers;
import io.lcim.common.ErrorCode;
import io.lcim.common.LastMessage;
import io.lcim.common.MessageIds;
import io.lcim.common.PushDispatcher;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Set;

/**
 * Sending a message ({@code direct}, answered by {@code ack}): validate, check membership, stamp, persist, fan out
 * and note it as unread for the other members, acknowledge. A message rejected at any step is neither stored nor
 * delivered; a resend of a stored message (same {@code dt}) gets the original ack ({@link DuplicateSends}).
 */
final class DirectCommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DirectCommandHandler.class);

  private final MessageConfig config;
  private final MessageStore store;
  private final MembershipLookup membership;
  private final PushDispatcher pushes;
  private final EventBus eventBus;
  private final MemberStateStore memberStates;
  private final DuplicateSends duplicates;
  // One generator per verticle instance: (timestamp, id) then orders this instance's messages as they were issued.
  private final MessageIds ids = new MessageIds();

  DirectCommandHandler(MessageConfig config, MessageStore store, MembershipLookup membership, PushDispatcher pushes,
                       EventBus eventBus, MemberStateStore memberStates, DuplicateSends duplicates) {
    this.config = config;
    this.store = store;
    this.membership = membership;
    this.pushes = pushes;
    this.eventBus = eventBus;
    this.memberStates = memberStates;
    this.duplicates = duplicates;
  }

  /** The {@code ack} response (never with {@code code}), or a failed future carrying a protocol error. */
  Future<GenericCommand> handle(ServiceRequest request, DirectCommand direct) {
    try {
      validate(direct);
    } catch (ServiceErrors.ProtocolException e) {
      return Future.failedFuture(e);
    }
    String cid = direct.getCid();
    return membership.membersFor(cid, request.clientId()).compose(members -> {
      if (!members.found()) {
        return Future.failedFuture(ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET,
          "conversation " + cid + " does not exist"));
      }
      if (!members.isMember(request.clientId())) {
        return Future.failedFuture(ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET,
          request.clientId() + " is not a member of conversation " + cid));
      }
      return accept(request, direct, members);
    });
  }

  private void validate(DirectCommand direct) {
    if (direct.getCid().isEmpty()) {
      throw ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET, "directMessage.cid is required");
    }
    if (direct.hasMsg() == direct.hasBinaryMsg()) {
      throw ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE, direct.hasMsg()
        ? "a message carries msg or binaryMsg, not both"
        : "a message needs msg or binaryMsg");
    }
    int size = direct.hasMsg() ? direct.getMsgBytes().size() : direct.getBinaryMsg().size();
    if (size > config.maxMessageBytes()) {
      throw ServiceErrors.error(ErrorCode.FRAME_TOO_LONG,
        "message is " + size + " bytes, the limit is " + config.maxMessageBytes());
    }
    if (direct.getWill()) {
      // Delivering a will message now would be wrong (it is meant for an unexpected disconnect); refuse it openly.
      throw ServiceErrors.error(ErrorCode.INTERNAL_ERROR, "will messages are not supported yet");
    }
  }

  private Future<GenericCommand> accept(ServiceRequest request, DirectCommand direct, ConversationMembers members) {
    // The sender's own client id is a recipient too (its other devices); only the sending session is excluded.
    if (direct.getTransient()) {
      MessageIds.Stamped stamp = ids.next();
      return pushes.push(members.members(), deliveryPush(request.clientId(), direct, stamp), request.sessionId())
        .map(v -> ack(stamp.id(), stamp.timestamp()));
    }
    return duplicates.storeOnce(request.clientId(), direct,
        sendKey -> storeAndFanOut(request, direct, members, sendKey))
      .map(message -> ack(message.id(), message.timestamp()));
  }

  /**
   * Stamps and stores the message, then pushes it and records mentions. A duplicate {@code sendKey} fails the insert
   * (before anything is pushed) for {@link DuplicateSends} to sort out.
   */
  private Future<StoredMessage> storeAndFanOut(ServiceRequest request, DirectCommand direct,
                                               ConversationMembers members, String sendKey) {
    MessageIds.Stamped stamp = ids.next();
    StoredMessage message = toStored(request.clientId(), direct, stamp, sendKey);
    GenericCommand push = deliveryPush(request.clientId(), direct, stamp);
    return store.insert(message, direct.getR())
      .compose(v -> {
        eventBus.send(Addresses.CONVERSATION_LAST_MESSAGE,
          new LastMessage(message.cid(), message.id(), message.from(), message.timestamp(), message.data(),
            message.binary()).toJson());
        // Stored means sent: receivers catch up from history, and a retry by the client would duplicate it.
        Future<Void> pushed = pushes.push(members.members(), push, request.sessionId())
          .recover(failure -> {
            LOG.warn("Message {} in {} is stored but could not be pushed", message.id(), message.cid(), failure);
            return Future.succeededFuture();
          });
        Set<String> mentioned = mentioned(direct, members);
        Future<Void> counted = members.transientConversation() || mentioned.isEmpty() ? Future.succeededFuture()
          : memberStates.mentioned(message.cid(), message.from(), mentioned, message.timestamp())
            .recover(failure -> {
              LOG.warn("Message {} in {} is stored but its mentions were not recorded", message.id(), message.cid(),
                failure);
              return Future.succeededFuture();
            });
        return Future.all(pushed, counted);
      })
      .map(v -> message);
  }

  private static Set<String> mentioned(DirectCommand direct, ConversationMembers members) {
    return direct.getMentionAll() ? Set.copyOf(members.members()) : Set.copyOf(direct.getMentionPidsList());
  }

  private StoredMessage toStored(String from, DirectCommand direct, MessageIds.Stamped stamp, String sendKey) {
    Instant expireAt = Instant.ofEpochMilli(stamp.timestamp()).plus(config.historyTtl());
    return direct.hasBinaryMsg()
      ? StoredMessage.binary(stamp.id(), direct.getCid(), from, stamp.timestamp(), direct.getBinaryMsg().toByteArray(),
      direct.getMentionPidsList(), direct.getMentionAll(), sendKey, expireAt)
      : StoredMessage.text(stamp.id(), direct.getCid(), from, stamp.timestamp(), direct.getMsg(),
      direct.getMentionPidsList(), direct.getMentionAll(), sendKey, expireAt);
  }

  /** What every other session of the members receives; optional flags only when true (proto2 presence). */
  static GenericCommand deliveryPush(String from, DirectCommand direct, MessageIds.Stamped stamp) {
    DirectCommand.Builder delivery = DirectCommand.newBuilder()
      .setCid(direct.getCid())
      .setId(stamp.id())
      .setFromPeerId(from)
      .setTimestamp(stamp.timestamp())
      .addAllMentionPids(direct.getMentionPidsList());
    if (direct.hasBinaryMsg()) {
      delivery.setBinaryMsg(direct.getBinaryMsg());
    } else {
      delivery.setMsg(direct.getMsg());
    }
    if (direct.getMentionAll()) {
      delivery.setMentionAll(true);
    }
    if (direct.getTransient()) {
      delivery.setTransient(true);
    }
    return GenericCommand.newBuilder().setCmd(CommandType.direct).setDirectMessage(delivery).build();
  }

  private static GenericCommand ack(String messageId, long timestamp) {
    return GenericCommand.newBuilder()
      .setCmd(CommandType.ack)
      .setAckMessage(AckCommand.newBuilder().setUid(messageId).setT(timestamp))
      .build();
  }
}
