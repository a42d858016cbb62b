package io.lcim.conversation;

import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;

import java.util.List;

import static io.lcim.conversation.ConversationFields.*;

/**
 * Member-only changes to a conversation: {@code conv/update} (docs/protocol.md §3.9) and {@code mute}/{@code unmute}
 * (§3.10).
 */
final class ConversationUpdates {

  private final ConversationStore store;
  private final ConversationPushes pushes;

  ConversationUpdates(ConversationStore store, ConversationPushes pushes) {
    this.store = store;
    this.pushes = pushes;
  }

  /** Applies the changed keys, answers {@code updated {udate}}, and pushes {@code updated} to the other members. */
  Future<GenericCommand> update(ServiceRequest request, ConvCommand conv) {
    String cid = ConvMessages.requireCid(conv);
    AttributeChanges changes = AttributeChanges.parse(conv.hasAttr() ? conv.getAttr().getData() : "{}");
    String operator = request.clientId();
    long now = System.currentTimeMillis();
    return store.updateAttributes(cid, operator, changes.set(), changes.unset(), now)
      .compose(updated -> updated == null ? refusal(cid) : Future.succeededFuture(updated))
      .compose(updated -> {
        if (changes.isEmpty() || updated.getBoolean(TRANSIENT, false)) {
          return Future.succeededFuture();
        }
        List<String> others = MembershipChanges.members(updated).stream().filter(m -> !m.equals(operator)).toList();
        return pushes.updated(cid, operator, changes.changes().encode(), others);
      })
      .map(v -> ConvMessages.conv(OpType.updated, ConvCommand.newBuilder().setUdate(IsoDates.format(now))));
  }

  /** Adds the operator to, or removes it from, the members who get no offline push for this conversation. */
  Future<GenericCommand> mute(ServiceRequest request, ConvCommand conv, boolean muted) {
    String cid = ConvMessages.requireCid(conv);
    return store.setMuted(cid, request.clientId(), muted)
      .compose(updated -> updated == null ? refusal(cid) : Future.succeededFuture(updated))
      .map(updated -> ConvMessages.conv(OpType.updated, ConvCommand.newBuilder().setCid(cid)));
  }

  /** A guarded update matched nothing: either there is no such conversation, or the operator is not a member. */
  private <T> Future<T> refusal(String cid) {
    return store.findById(cid).compose(current -> Future.failedFuture(
      current == null ? ConvMessages.notFound(cid) : ConvMessages.membershipRequired(cid)));
  }
}
