package io.lcim.message;

import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer of {@link io.lcim.common.Addresses#MESSAGE_COMMAND}: decodes the forwarded client command, routes it by
 * {@code cmd} and replies with the response command or a protocol error. Nothing thrown escapes: bad input fails
 * only its own request.
 */
final class MessageCommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MessageCommandHandler.class);

  private final DirectCommandHandler direct;
  private final LogsCommandHandler logs;
  private final ReceiverStateHandler receiverState;
  private final PatchCommandHandler patch;

  MessageCommandHandler(DirectCommandHandler direct, LogsCommandHandler logs, ReceiverStateHandler receiverState,
                        PatchCommandHandler patch) {
    this.direct = direct;
    this.logs = logs;
    this.receiverState = receiverState;
    this.patch = patch;
  }

  void handle(Message<Buffer> message) {
    Future<GenericCommand> response;
    try {
      response = route(ServiceRequest.fromHeaders(message.headers()), decode(message.body()));
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    if (response == null) {
      return; // a command that gets no answer
    }
    response.onComplete(command -> message.reply(Commands.toBuffer(command)), failure -> {
      if (!(failure instanceof ServiceErrors.ProtocolException)) {
        LOG.error("Message command failed unexpectedly", failure);
      }
      ServiceErrors.reply(message, failure);
    });
  }

  /** The response, or null for commands sent without {@code i} (receiver {@code ack}, {@code read}). */
  private Future<GenericCommand> route(ServiceRequest request, GenericCommand command) {
    switch (command.getCmd()) {
      case direct:
        return direct.handle(request, command.getDirectMessage());
      case logs:
        return logs.handle(request, command.getLogsMessage());
      case ack:
        receiverState.delivered(request, command.getAckMessage());
        return null;
      case read:
        receiverState.read(request, command.getReadMessage());
        return null;
      case patch:
        return patch.handle(request, command.getPatchMessage());
      default:
        return Future.failedFuture(ServiceErrors.error(ErrorCode.INTERNAL_ERROR,
          "the message service does not handle cmd " + command.getCmd()));
    }
  }

  private static GenericCommand decode(Buffer body) {
    if (body == null) {
      throw ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE, "empty command");
    }
    try {
      return Commands.parse(body);
    } catch (IllegalArgumentException e) {
      throw ServiceErrors.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE, "not a GenericCommand");
    }
  }
}
