package io.lcim.conversation;

import io.lcim.common.PushDispatcher;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.JsonObjectMessage;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;

import java.util.Collection;

/**
 * The conversation notifications of docs/protocol.md §3.6–3.9. Callers persist the change first and await the returned
 * future before replying, so a recipient that resolves the conversation right away sees the new state.
 */
final class ConversationPushes {

  private final PushDispatcher dispatcher;

  ConversationPushes(PushDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** To the subjects: they were added (SDK event INVITED). */
  Future<Void> joined(String cid, String initBy, Collection<String> recipients) {
    return push(recipients, OpType.joined, base(cid, initBy));
  }

  /** To the other members: {@code members} joined (MEMBERS_JOINED). */
  Future<Void> membersJoined(String cid, String initBy, Collection<String> members, Collection<String> recipients) {
    return push(recipients, OpType.members_joined, base(cid, initBy).addAllM(members));
  }

  /** To the subjects: they were removed (KICKED). */
  Future<Void> left(String cid, String initBy, Collection<String> recipients) {
    return push(recipients, OpType.left, base(cid, initBy));
  }

  /** To the remaining members and the operator: {@code members} left (MEMBERS_LEFT). */
  Future<Void> membersLeft(String cid, String initBy, Collection<String> members, Collection<String> recipients) {
    return push(recipients, OpType.members_left, base(cid, initBy).addAllM(members));
  }

  /** To the other members: attributes changed; {@code changedKeysJson} is what the operator sent. */
  Future<Void> updated(String cid, String initBy, String changedKeysJson, Collection<String> recipients) {
    return push(recipients, OpType.updated,
      base(cid, initBy).setAttr(JsonObjectMessage.newBuilder().setData(changedKeysJson)));
  }

  private Future<Void> push(Collection<String> recipients, OpType op, ConvCommand.Builder convMessage) {
    if (recipients.isEmpty()) {
      return Future.succeededFuture();
    }
    return dispatcher.push(recipients, ConvMessages.conv(op, convMessage), null);
  }

  private static ConvCommand.Builder base(String cid, String initBy) {
    return ConvCommand.newBuilder().setCid(cid).setInitBy(initBy);
  }
}
