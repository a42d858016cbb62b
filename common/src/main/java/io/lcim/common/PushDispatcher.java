package io.lcim.common;

import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;

import java.util.Collection;

/**
 * Sends a push to every live session of some client ids: looks the client ids up in {@link PresenceRegistry} and
 * sends one {@link PushEnvelope} to each gateway node that holds any of them, so nodes holding none get nothing.
 * Offline recipients are simply skipped: what they missed is in history and unread counts.
 */
public final class PushDispatcher {

  private final EventBus eventBus;
  private final PresenceRegistry presence;

  public PushDispatcher(EventBus eventBus, PresenceRegistry presence) {
    this.eventBus = eventBus;
    this.presence = presence;
  }

  /**
   * Completes once every envelope has been handed to the event bus. Presence look-ups of concurrent calls may
   * finish in any order, so a caller that needs two pushes to arrive in order waits for the first one's future.
   *
   * @param excludeSession the session that must not receive this push, or null
   */
  public Future<Void> push(Collection<String> recipients, GenericCommand command, String excludeSession) {
    if (recipients.isEmpty()) {
      return Future.succeededFuture();
    }
    return presence.nodesOf(recipients).map(byNode -> {
      if (!byNode.isEmpty()) {
        Buffer body = Commands.toBuffer(command);
        byNode.forEach((node, clients) -> eventBus.send(Addresses.gatewayNode(node), body,
          PushEnvelope.deliveryOptions(clients, excludeSession)));
      }
      return null;
    });
  }
}
