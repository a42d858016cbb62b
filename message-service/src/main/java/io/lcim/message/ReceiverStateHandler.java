package io.lcim.message;

import io.lcim.common.ConversationMembers;
import io.lcim.common.PushDispatcher;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.RcpCommand;
import io.lcim.common.proto.ReadCommand;
import io.lcim.common.proto.ReadTuple;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What receivers report back without expecting an answer: delivery ({@code ack} with a {@code fromts..tots} range
 * per conversation) and reading ({@code read}). A delivery ack moves the member's delivered mark and pushes a
 * delivered {@code rcp} to the sender of each covered message that asked for one ({@code r: true}); a {@code read}
 * moves the read mark (which resets the unread count pushed at the next login) and, in a 2-member conversation,
 * pushes a read {@code rcp} to the other member (docs/protocol.md §3.14).
 */
final class ReceiverStateHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverStateHandler.class);
  /** The SDK sends the conversations read within one second; more than this in one command is not a client. */
  static final int MAX_READ_CONVERSATIONS = 100;
  /** Receipts pushed for one delivery ack at most; the SDK acks once a second, so a backlog drains over acks. */
  static final int MAX_RECEIPTS_PER_ACK = 200;

  private final MemberStateStore states;
  private final MembershipLookup membership;
  private final MessageStore store;
  private final PushDispatcher pushes;

  ReceiverStateHandler(MemberStateStore states, MembershipLookup membership, MessageStore store,
                       PushDispatcher pushes) {
    this.states = states;
    this.membership = membership;
    this.store = store;
    this.pushes = pushes;
  }

  /** A member's client received the messages of {@code ack.cid} stamped {@code fromts..tots}. */
  Future<Void> delivered(ServiceRequest request, AckCommand ack) {
    String cid = ack.getCid();
    if (cid.isEmpty() || !ack.hasTots()) {
      return Future.succeededFuture();
    }
    long now = System.currentTimeMillis();
    long toTs = Math.min(ack.getTots(), now);
    long fromTs = ack.hasFromts() ? Math.min(ack.getFromts(), toTs) : toTs;
    String receiver = request.clientId();
    return membership.membersFor(cid, receiver).compose(members -> {
      if (!members.isMember(receiver) || members.transientConversation()) {
        return Future.<Void>succeededFuture();
      }
      return states.delivered(cid, receiver, toTs)
        .compose(v -> store.markDelivered(cid, receiver, fromTs, toTs, MAX_RECEIPTS_PER_ACK))
        .compose(marked -> {
          List<Future<Void>> pushed = new ArrayList<>(marked.size());
          for (MessageStore.PendingReceipt receipt : marked) {
            pushed.add(pushes.push(List.of(receipt.from()), deliveredReceipt(receipt.id(), receipt.cid(), now,
              receiver), null));
          }
          return Future.all(pushed).<Void>mapEmpty();
        });
    }).onFailure(e -> LOG.warn("Could not record that {} received {}: {}", receiver, cid, e.toString()));
  }

  /**
   * Marks each listed conversation read up to its timestamp (now when absent; never later than now, whatever the
   * client's clock says). Only a member's own read mark moves; other conversations are ignored.
   */
  Future<Void> read(ServiceRequest request, ReadCommand read) {
    long now = System.currentTimeMillis();
    Map<String, Long> readUpTo = new LinkedHashMap<>();
    for (ReadTuple tuple : read.getConvsList()) {
      long timestamp = tuple.hasTimestamp() && tuple.getTimestamp() > 0 ? Math.min(tuple.getTimestamp(), now) : now;
      readUpTo.merge(tuple.getCid(), timestamp, Math::max);
    }
    // Other SDKs name the conversations without timestamps.
    if (read.hasCid()) {
      readUpTo.merge(read.getCid(), now, Math::max);
    }
    read.getCidsList().forEach(cid -> readUpTo.merge(cid, now, Math::max));
    List<Future<Void>> marked = new ArrayList<>();
    readUpTo.entrySet().stream().filter(e -> !e.getKey().isEmpty()).limit(MAX_READ_CONVERSATIONS)
      .forEach(e -> marked.add(markRead(request.clientId(), e.getKey(), e.getValue(), now)));
    return Future.all(marked).mapEmpty();
  }

  private Future<Void> markRead(String clientId, String cid, long timestamp, long now) {
    return membership.membersFor(cid, clientId).compose(members -> members.isMember(clientId)
        && !members.transientConversation()
        ? states.read(cid, clientId, timestamp, now).compose(v -> pushReadReceipt(members, clientId, timestamp))
        : Future.<Void>succeededFuture())
      .onFailure(e -> LOG.warn("Could not record that {} read {}: {}", clientId, cid, e.toString()));
  }

  /** Read receipts are a 1:1 feature: in a group, "read" by one member says nothing to the others. */
  private Future<Void> pushReadReceipt(ConversationMembers members, String reader, long timestamp) {
    if (members.members().size() != 2) {
      return Future.succeededFuture();
    }
    List<String> other = members.members().stream().filter(member -> !member.equals(reader)).toList();
    GenericCommand receipt = GenericCommand.newBuilder()
      .setCmd(CommandType.rcp)
      .setRcpMessage(RcpCommand.newBuilder().setCid(members.cid()).setT(timestamp).setRead(true).setFrom(reader))
      .build();
    return pushes.push(other, receipt, null);
  }

  static GenericCommand deliveredReceipt(String messageId, String cid, long deliveredAt, String receiver) {
    return GenericCommand.newBuilder()
      .setCmd(CommandType.rcp)
      .setRcpMessage(RcpCommand.newBuilder().setId(messageId).setCid(cid).setT(deliveredAt)
        .setFrom(receiver))
      .build();
  }
}
