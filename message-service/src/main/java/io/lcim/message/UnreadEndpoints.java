package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.MembershipChange;
import io.lcim.common.ServiceErrors;
import io.lcim.common.UnreadRequest;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus side of per-member state: answers the gateways' login-time {@link Addresses#MESSAGE_UNREAD} and
 * records conversation-service's {@link Addresses#CONVERSATION_MEMBERSHIP_CHANGED} notes.
 */
final class UnreadEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(UnreadEndpoints.class);

  private final UnreadCounts counts;
  private final MemberStateStore states;

  UnreadEndpoints(UnreadCounts counts, MemberStateStore states) {
    this.counts = counts;
    this.states = states;
  }

  Future<Void> register(EventBus eventBus) {
    return Future.all(
      eventBus.<Object>consumer(Addresses.MESSAGE_UNREAD, this::summary).completion(),
      eventBus.<Object>consumer(Addresses.CONVERSATION_MEMBERSHIP_CHANGED, this::membershipChanged).completion())
      .mapEmpty();
  }

  private void summary(Message<Object> message) {
    UnreadRequest request;
    try {
      request = UnreadRequest.fromJson(asJson(message.body()));
    } catch (IllegalArgumentException e) {
      ServiceErrors.reply(message, ServiceErrors.error(ErrorCode.INTERNAL_ERROR, e.getMessage()));
      return;
    }
    counts.summary(request).onComplete(unread -> message.reply(Commands.toBuffer(unread)), failure -> {
      LOG.warn("Unread summary of {} failed", request.clientId(), failure);
      ServiceErrors.reply(message, failure);
    });
  }

  private void membershipChanged(Message<Object> message) {
    MembershipChange change;
    try {
      change = MembershipChange.fromJson(asJson(message.body()));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring a malformed membership change: {}", e.getMessage());
      return;
    }
    states.membershipChanged(change)
      .onFailure(e -> LOG.warn("Could not record membership change of {}", change.cid(), e));
  }

  private static JsonObject asJson(Object body) {
    if (body instanceof JsonObject json) {
      return json;
    }
    throw new IllegalArgumentException("expected a JSON object, got " + (body == null ? "nothing" : body.getClass()));
  }
}
