package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.ConversationMembers;
import io.lcim.common.MembershipChange;
import io.vertx.core.eventbus.EventBus;

import java.util.List;

/**
 * Tells message-service who joined or left a conversation ({@link Addresses#CONVERSATION_MEMBERSHIP_CHANGED}), once
 * the change is stored: a member invited while offline then finds the conversation in the unread summary of their
 * next login, and history from before joining does not count as unread. Chat rooms have no unread counts.
 */
final class MembershipEvents {

  private final EventBus eventBus;

  MembershipEvents(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  void created(String cid, List<String> members, long at) {
    send(MembershipChange.joined(cid, members, at, true));
  }

  void joined(String cid, List<String> members, long at) {
    send(MembershipChange.joined(cid, members, at, false));
  }

  void left(String cid, List<String> members, long at) {
    send(MembershipChange.left(cid, members, at));
  }

  /**
   * Published to every message-service instance: whoever caches this conversation's members drops them. Chat rooms
   * included (their membership changes are otherwise silent).
   */
  void membersChanged(String cid) {
    eventBus.publish(Addresses.CONVERSATION_MEMBERS_CHANGED, ConversationMembers.request(cid));
  }

  private void send(MembershipChange change) {
    if (!change.joined().isEmpty() || !change.left().isEmpty()) {
      eventBus.send(Addresses.CONVERSATION_MEMBERSHIP_CHANGED, change.toJson());
    }
  }
}
