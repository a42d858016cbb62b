package io.lcim.gateway;

import io.lcim.common.PushEnvelope;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pushes sent to this node ({@link io.lcim.common.Addresses#gatewayNode}) to every local session of each
 * recipient, with {@code peerId} set so that the SDK routes them to the right client of a shared socket. Envelopes
 * are written in arrival order.
 */
final class PushDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(PushDelivery.class);

  private final LocalSessions sessions;

  PushDelivery(LocalSessions sessions) {
    this.sessions = sessions;
  }

  void deliver(Message<Buffer> message) {
    PushEnvelope envelope;
    try {
      envelope = PushEnvelope.from(message);
    } catch (RuntimeException e) {
      LOG.error("Dropping an unreadable push envelope", e);
      return;
    }
    for (String recipient : envelope.recipients()) {
      GenericCommand addressed = null;
      for (ClientSession session : sessions.sessionsOf(recipient)) {
        if (session.hasId(envelope.excludeSession())) {
          continue;
        }
        if (addressed == null) {
          addressed = envelope.command().toBuilder().setPeerId(recipient).build();
        }
        session.connection().write(addressed);
      }
    }
  }
}
