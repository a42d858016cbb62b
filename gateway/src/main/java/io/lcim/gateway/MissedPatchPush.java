package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.MissedPatchesRequest;
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
 * The {@code patch/modify} push after the {@code unread} push (docs/protocol.md §3.1, §3.18): the edits and recalls
 * made since the client's {@code lastPatchTime} while it was offline, which the SDK reports as MESSAGE_UPDATE and
 * MESSAGE_RECALL. Nothing is pushed when nothing was missed, and a failure only costs the push, never the login.
 */
final class MissedPatchPush {

  private static final Logger LOG = LoggerFactory.getLogger(MissedPatchPush.class);
  /** {@code configBitmap} bit 0: the client understands {@code patch} pushes. */
  private static final long PATCH_MESSAGE_BIT = 1;

  private final EventBus eventBus;
  /** Shared by every login: only read by the event bus. */
  private final DeliveryOptions options;

  MissedPatchPush(EventBus eventBus, long timeoutMillis) {
    this.eventBus = eventBus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  /** The {@code patch} push due for {@code session}, or null when nothing was missed or the lookup failed. */
  Future<GenericCommand> fetch(ClientSession session, SessionCommand login) {
    // Without a cursor there is no telling what was missed; a client without the capability could not show it.
    if (!login.hasLastPatchTime()
      || (login.hasConfigBitmap() && (login.getConfigBitmap() & PATCH_MESSAGE_BIT) == 0)) {
      return Future.succeededFuture();
    }
    MissedPatchesRequest request = new MissedPatchesRequest(session.clientId(), login.getLastPatchTime());
    return eventBus.<Buffer>request(Addresses.MESSAGE_MISSED_PATCHES, request.toJson(), options)
      .map(reply -> {
        GenericCommand patch = Commands.parse(reply.body());
        return patch.getCmd() != CommandType.patch || patch.getPatchMessage().getPatchesCount() == 0 ? null : patch;
      })
      .recover(failure -> {
        LOG.warn("No missed-patches push for {}: {}", session.clientId(), failure.toString());
        return Future.succeededFuture();
      });
  }
}
