package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.UnreadRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code unread} push right after {@code session/opened} (docs/protocol.md §3.15): message-service lists the
 * conversations with news since the client's {@code lastUnreadNotifTime}; the SDK turns it into
 * UNREAD_MESSAGES_COUNT_UPDATE and fetches conversations it was invited to while offline. Nothing is pushed when
 * there is no news, and a failure only costs the push: the login itself has succeeded.
 */
final class UnreadPush {

  private static final Logger LOG = LoggerFactory.getLogger(UnreadPush.class);

  private final EventBus eventBus;
  /** Shared by every login: only read by the event bus. */
  private final DeliveryOptions options;

  UnreadPush(EventBus eventBus, long timeoutMillis) {
    this.eventBus = eventBus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  /** The {@code unread} push due for {@code session}, or null when there is no news or the lookup failed. */
  Future<GenericCommand> fetch(ClientSession session, SessionCommand login) {
    Long since = login.hasLastUnreadNotifTime() ? login.getLastUnreadNotifTime() : null;
    return eventBus.<Buffer>request(Addresses.MESSAGE_UNREAD, new UnreadRequest(session.clientId(), since).toJson(),
        options)
      .map(reply -> {
        GenericCommand unread = Commands.parse(reply.body());
        return unread.getCmd() != CommandType.unread || unread.getUnreadMessage().getConvsCount() == 0 ? null : unread;
      })
      .recover(failure -> {
        LOG.warn("No unread push for {}: {}", session.clientId(), failure.toString());
        return Future.succeededFuture();
      });
  }
}
