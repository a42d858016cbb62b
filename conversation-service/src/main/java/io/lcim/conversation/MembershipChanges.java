package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.lcim.conversation.ConversationFields.*;

/**
 * {@code conv/add} and {@code conv/remove}, including {@code join()} and {@code quit()} (docs/protocol.md §3.8 and the
 * walkthrough §5 rows 13–25). Anyone may add or remove themselves; only members may add or remove others. The
 * change is persisted before any push, and the pushes are handed over before the reply.
 */
final class MembershipChanges {

  private final ConversationStore store;
  private final ConversationPushes pushes;
  private final MembershipEvents events;
  private final ConversationConfig config;

  MembershipChanges(ConversationStore store, ConversationPushes pushes, MembershipEvents events,
                    ConversationConfig config) {
    this.store = store;
    this.pushes = pushes;
    this.events = events;
    this.config = config;
  }

  Future<GenericCommand> add(ServiceRequest request, ConvCommand conv) {
    String cid = ConvMessages.requireCid(conv);
    List<String> requested = ConvMessages.requireMembers(conv);
    String operator = request.clientId();
    String requiredMember = onlySelf(requested, operator) ? null : operator;
    return store.findById(cid).compose(current -> {
      checkAllowed(cid, current, requiredMember);
      List<String> toAdd = minus(requested, members(current));
      if (toAdd.isEmpty()) {
        return Future.succeededFuture(reply(OpType.added, requested));
      }
      if (members(current).size() + toAdd.size() > config.maxMembers()) {
        return Future.failedFuture(full());
      }
      long now = System.currentTimeMillis();
      return store.addMembers(cid, requiredMember, toAdd, config.maxMembers(), now)
        .compose(before -> before != null
          ? announceAdded(cid, operator, before, toAdd, now).map(v -> reply(OpType.added, requested))
          : explainRefusal(cid, requiredMember, true));
    });
  }

  Future<GenericCommand> remove(ServiceRequest request, ConvCommand conv) {
    String cid = ConvMessages.requireCid(conv);
    List<String> requested = ConvMessages.requireMembers(conv);
    String operator = request.clientId();
    String requiredMember = onlySelf(requested, operator) ? null : operator;
    return store.findById(cid).compose(current -> {
      checkAllowed(cid, current, requiredMember);
      List<String> toRemove = intersection(requested, members(current));
      if (toRemove.isEmpty()) {
        return Future.succeededFuture(reply(OpType.removed, requested));
      }
      long now = System.currentTimeMillis();
      return store.removeMembers(cid, requiredMember, toRemove, now)
        .compose(before -> before != null
          ? announceRemoved(cid, operator, before, toRemove, now).map(v -> reply(OpType.removed, requested))
          : explainRefusal(cid, requiredMember, false));
    });
  }

  /**
   * {@code joined} to each added member except the operator (INVITED); {@code members_joined} to everyone else who
   * is a member now, the operator included (so a self-join gets {@code members_joined}).
   */
  private Future<Void> announceAdded(String cid, String operator, JsonObject before, List<String> toAdd,
                                     long at) {
    List<String> previous = members(before);
    List<String> added = minus(toAdd, previous);
    if (added.isEmpty()) {
      return Future.succeededFuture();
    }
    events.membersChanged(cid);
    if (before.getBoolean(TRANSIENT, false)) {
      return Future.succeededFuture();
    }
    events.joined(cid, added, at);
    List<String> invited = minus(added, List.of(operator));
    Set<String> audience = new LinkedHashSet<>(previous);
    audience.addAll(added);
    audience.removeAll(invited);
    audience.add(operator);
    return Future.all(pushes.membersJoined(cid, operator, added, audience), pushes.joined(cid, operator, invited))
      .mapEmpty();
  }

  /**
   * {@code left} to each removed member except the operator (KICKED); {@code members_left} to the remaining members
   * plus the operator (so a quitter gets {@code members_left}).
   */
  private Future<Void> announceRemoved(String cid, String operator, JsonObject before, List<String> toRemove,
                                       long at) {
    List<String> removed = intersection(toRemove, members(before));
    if (removed.isEmpty()) {
      return Future.succeededFuture();
    }
    events.membersChanged(cid);
    if (before.getBoolean(TRANSIENT, false)) {
      return Future.succeededFuture();
    }
    events.left(cid, removed, at);
    Set<String> audience = new LinkedHashSet<>(minus(members(before), removed));
    audience.add(operator);
    List<String> kicked = minus(removed, List.of(operator));
    return Future.all(pushes.membersLeft(cid, operator, removed, audience), pushes.left(cid, operator, kicked))
      .mapEmpty();
  }

  /** Why a guarded update matched nothing: the conversation went away, the operator left, or it filled up. */
  private Future<GenericCommand> explainRefusal(String cid, String requiredMember, boolean adding) {
    return store.findById(cid).compose(current -> {
      checkAllowed(cid, current, requiredMember);
      return Future.failedFuture(adding ? full() : ServiceErrors.error(ErrorCode.CONVERSATION_UPDATE_FAILED,
        "membership of " + cid + " changed concurrently, try again"));
    });
  }

  private static void checkAllowed(String cid, JsonObject conversation, String requiredMember) {
    if (conversation == null) {
      throw ConvMessages.notFound(cid);
    }
    if (requiredMember != null && !members(conversation).contains(requiredMember)) {
      throw ConvMessages.membershipRequired(cid);
    }
  }

  private ServiceErrors.ProtocolException full() {
    return ServiceErrors.error(ErrorCode.CONVERSATION_FULL,
      "a conversation holds at most " + config.maxMembers() + " members");
  }

  private static GenericCommand reply(OpType op, List<String> allowed) {
    return ConvMessages.conv(op, ConvCommand.newBuilder().addAllAllowedPids(allowed));
  }

  private static boolean onlySelf(List<String> requested, String operator) {
    return requested.size() == 1 && requested.get(0).equals(operator);
  }

  static List<String> members(JsonObject conversation) {
    JsonArray m = conversation.getJsonArray(MEMBERS, new JsonArray());
    List<String> members = new ArrayList<>(m.size());
    m.forEach(member -> members.add(String.valueOf(member)));
    return members;
  }

  private static List<String> minus(List<String> ids, Collection<String> excluded) {
    Set<String> excludedSet = Set.copyOf(excluded);
    return ids.stream().filter(id -> !excludedSet.contains(id)).toList();
  }

  private static List<String> intersection(List<String> ids, Collection<String> kept) {
    Set<String> keptSet = Set.copyOf(kept);
    return ids.stream().filter(keptSet::contains).toList();
  }
}
