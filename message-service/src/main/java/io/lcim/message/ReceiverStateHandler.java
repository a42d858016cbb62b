package io.lcim.message;

import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.AckCommand;
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
 * per conversation) and reading ({@code read}). A {@code read} moves the member's read mark, which resets the
 * unread count pushed at the next login ({@code unread}); delivery acks are accepted silently for now (the place
 * for {@code ackAt} and delivered {@code rcp} receipts).
 */
final class ReceiverStateHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverStateHandler.class);
  /** The SDK sends the conversations read within one second; more than this in one command is not a client. */
  static final int MAX_READ_CONVERSATIONS = 100;

  private final MemberStateStore states;
  private final MembershipLookup membership;

  ReceiverStateHandler(MemberStateStore states, MembershipLookup membership) {
    this.states = states;
    this.membership = membership;
  }

  void delivered(ServiceRequest request, AckCommand ack) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} received {} from {} to {}", request.clientId(), ack.getCid(), ack.getFromts(), ack.getTots());
    }
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
    return membership.members(cid).compose(members -> members.isMember(clientId)
        && !members.transientConversation()
        ? states.read(cid, clientId, timestamp, now)
        : Future.<Void>succeededFuture())
      .onFailure(e -> LOG.warn("Could not record that {} read {}: {}", clientId, cid, e.toString()));
  }
}
