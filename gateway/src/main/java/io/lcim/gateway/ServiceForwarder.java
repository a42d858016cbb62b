package io.lcim.gateway;

import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands client commands to the service owning their family, with the session's {@link ServiceRequest} as headers,
 * and writes the service's answer back with the request's {@code i}.
 */
final class ServiceForwarder {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceForwarder.class);

  private final EventBus eventBus;
  private final String appId;
  private final String nodeId;
  private final long timeoutMillis;

  ServiceForwarder(EventBus eventBus, String appId, String nodeId, long timeoutMillis) {
    this.eventBus = eventBus;
    this.appId = appId;
    this.nodeId = nodeId;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Forwards {@code bytes} (the client's command, unchanged) to {@code address}. A command with {@code i} waits for
   * the service's
   * answer, which is written before the returned future completes; one without (receiver {@code ack}, {@code read})
   * is fire-and-forget.
   */
  Future<Void> forward(ClientConnection connection, ClientSession session, GenericCommand command, String address,
                       byte[] bytes) {
    DeliveryOptions options = new ServiceRequest(appId, session.clientId(), session.sessionId(), nodeId)
      .toDeliveryOptions()
      .setSendTimeout(timeoutMillis);
    Buffer body = Buffer.buffer(bytes);
    if (!Replies.expectsResponse(command)) {
      eventBus.send(address, body, options);
      return Future.succeededFuture();
    }
    return eventBus.<Buffer>request(address, body, options).transform(ar -> {
      if (ar.failed()) {
        ServiceErrors.ProtocolException error = ServiceErrors.fromReplyFailure(ar.cause());
        if (error.code() == ErrorCode.INTERNAL_ERROR) {
          LOG.warn("{} for {} failed: {}", describe(command), session.clientId(), ar.cause().toString());
        }
        return Replies.error(connection, command, error);
      }
      return Replies.respond(connection, command, parseReply(ar.result(), command));
    });
  }

  private static GenericCommand parseReply(Message<Buffer> reply, GenericCommand command) {
    try {
      return Commands.parse(reply.body());
    } catch (RuntimeException e) {
      // A null or foreign body is a service bug; the client still gets an answer instead of a 20 s timeout.
      LOG.error("Unreadable reply to {} from a service", describe(command), e);
      return Commands.error(ErrorCode.INTERNAL_ERROR, null);
    }
  }

  private static String describe(GenericCommand command) {
    return command.hasOp() ? command.getCmd() + "/" + command.getOp() : command.getCmd().name();
  }
}
