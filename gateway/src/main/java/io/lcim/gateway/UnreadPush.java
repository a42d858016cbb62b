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
  private final long timeoutMillis;

  UnreadPush(EventBus eventBus, long timeoutMillis) {
    this.eventBus = eventBus;
    this.timeoutMillis = timeoutMillis;
  }

  Future<Void> afterLogin(ClientSession session, SessionCommand login) {
    Long since = login.hasLastUnreadNotifTime() ? login.getLastUnreadNotifTime() : null;
    return eventBus.<Buffer>request(Addresses.MESSAGE_UNREAD, new UnreadRequest(session.clientId(), since).toJson(),
        new DeliveryOptions().setSendTimeout(timeoutMillis))
      .compose(reply -> {
        GenericCommand unread = Commands.parse(reply.body());
        if (unread.getCmd() != CommandType.unread || unread.getUnreadMessage().getConvsCount() == 0) {
          return Future.<Void>succeededFuture();
        }
        return session.connection().write(unread.toBuilder().setPeerId(session.clientId()).build());
      })
      .recover(failure -> {
        LOG.warn("No unread push for {}: {}", session.clientId(), failure.toString());
        return Future.succeededFuture();
      });
  }
}
