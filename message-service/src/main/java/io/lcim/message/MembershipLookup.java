package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.ConversationMembers;
import io.lcim.common.ServiceErrors;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Asks conversation-service who the members of a conversation are. */
final class MembershipLookup {

  // Well inside the SDK's 20 s command timeout, so the client gets an error rather than a timeout.
  private static final long TIMEOUT_MILLIS = 5_000;

  private final EventBus eventBus;

  MembershipLookup(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /** The members; an unreachable conversation-service fails with a protocol error (INTERNAL_ERROR). */
  Future<ConversationMembers> members(String cid) {
    return eventBus.<JsonObject>request(Addresses.CONVERSATION_MEMBERS, ConversationMembers.request(cid),
        new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS))
      .recover(failure -> Future.failedFuture(ServiceErrors.fromReplyFailure(failure)))
      .map(reply -> ConversationMembers.fromJson(reply.body()));
  }
}
