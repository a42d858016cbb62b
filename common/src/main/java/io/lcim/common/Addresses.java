package io.lcim.common;

/**
 * Every event-bus address used between the services. Payload formats are documented per address and
 * built only through {@link ServiceRequest}, {@link PushEnvelope} and {@link ConversationMembers}.
 */
public final class Addresses {

  private Addresses() {
  }

  /** Service names, as used by {@link #health(String)} and the launchers. */
  public static final String GATEWAY = "gateway";
  public static final String CONVERSATION_SERVICE = "conversation";
  public static final String MESSAGE_SERVICE = "message";
  public static final String MEDIA_SERVICE = "media";

  /**
   * Client commands of family {@code conv} (and {@code blacklist}). Body: the client's GenericCommand bytes; headers:
   * {@link ServiceRequest}. Reply: the response GenericCommand bytes (the gateway sets {@code i}), or a failure
   * whose code is a LeanCloud error code (see {@link ServiceErrors}).
   */
  public static final String CONVERSATION_COMMAND = "im.conversation.command";

  /** Membership lookup. Body: {@link ConversationMembers#request(String)}; reply: {@link ConversationMembers} JSON. */
  public static final String CONVERSATION_MEMBERS = "im.conversation.members";

  /** Fire-and-forget note that a message was stored. Body: {@link LastMessage} JSON. */
  public static final String CONVERSATION_LAST_MESSAGE = "im.conversation.last-message";

  /** Client commands {@code direct}, {@code logs}, {@code ack}, {@code read}, {@code patch}. Same contract as conv. */
  public static final String MESSAGE_COMMAND = "im.message.command";

  /**
   * The login-time unread summary of one client (docs/protocol.md §3.15). Body: {@link UnreadRequest} JSON; reply: a
   * Buffer with the {@code unread} GenericCommand without {@code peerId} (its {@code convs} may be empty: then
   * nothing is pushed), or a failure.
   */
  public static final String MESSAGE_UNREAD = "im.message.unread";

  /**
   * The edits and recalls a client missed while offline (docs/protocol.md §3.1, §3.18). Body:
   * {@link MissedPatchesRequest} JSON; reply: a Buffer with a {@code patch/modify} GenericCommand without
   * {@code peerId}, oldest patch first, its {@code lastPatchTime} the newest patch time (no patches: nothing is
   * pushed), or a failure.
   */
  public static final String MESSAGE_MISSED_PATCHES = "im.message.missed-patches";

  /**
   * Receipt timestamps of a conversation for one member ({@code conv/max_read}, docs/protocol.md §3.10). Body:
   * {@link ReceiptTimestamps#request} JSON; reply: {@link ReceiptTimestamps} JSON, or a failure.
   */
  public static final String MESSAGE_RECEIPT_TIMESTAMPS = "im.message.receipt-timestamps";

  /**
   * Fire-and-forget note (sent with {@code send}) that members joined or left a conversation, once the change is
   * stored, so that message-service keeps per-member state (unread counts, invitations seen at the next login).
   * Body: {@link MembershipChange} JSON.
   */
  public static final String CONVERSATION_MEMBERSHIP_CHANGED = "im.conversation.membership-changed";

  /**
   * Published (to every consumer) after members joined or left a conversation, chat rooms included, so that caches
   * of the membership ({@link #CONVERSATION_MEMBERS} replies) drop the conversation. Body:
   * {@link ConversationMembers#request} JSON (the cid).
   */
  public static final String CONVERSATION_MEMBERS_CHANGED = "im.conversation.members-changed";

  /** Per-service readiness probe. Body: empty; reply: {"status":"UP"} or a failure saying what is down. */
  public static String health(String service) {
    return "im.health." + service;
  }

  /**
   * Session control for one gateway node, sent by other gateway nodes (fire-and-forget). Body: {@link SessionConflict}
   * JSON: end the node's sessions that a newer login with the same tag replaces.
   */
  public static String gatewayControl(String nodeId) {
    return "im.gateway.control." + nodeId;
  }

  /** Pushes for the sessions held by one gateway node. Body and headers: {@link PushEnvelope}. */
  public static String gatewayNode(String nodeId) {
    return "im.gateway.node." + nodeId;
  }
}
