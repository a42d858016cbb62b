package io.lcim.common;

/**
 * Every event-bus address used between the services. Payload formats are documented per address and
 * built only through {@link ServiceRequest}, {@link PushEnvelope} and {@link ConversationMembers}.
 */
public final class Addresses {

  private Addresses() {
  }

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

  /** Per-service readiness probe. Body: empty; reply: {"status":"UP"} or a failure saying what is down. */
  public static String health(String service) {
    return "im.health." + service;
  }

  /** Pushes for the sessions held by one gateway node. Body and headers: {@link PushEnvelope}. */
  public static String gatewayNode(String nodeId) {
    return "im.gateway.node." + nodeId;
  }
}
