package io.lcim.message;

import io.lcim.common.ClientCommands;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Consumer of {@link io.lcim.common.Addresses#MESSAGE_COMMAND}: decodes the forwarded client command, routes it by
 * {@code cmd} and replies with the response command or a protocol error. Nothing thrown escapes: bad input fails
 * only its own request.
 */
final class MessageCommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MessageCommandHandler.class);

  /** One answer per command type: the response, or null for commands sent without {@code i}. */
  private interface Route {
    Future<GenericCommand> answer(ServiceRequest request, GenericCommand command);
  }

  private final Map<CommandType, Route> routes = new EnumMap<>(CommandType.class);

  MessageCommandHandler(DirectCommandHandler direct, LogsCommandHandler logs, ReceiverStateHandler receiverState,
                        PatchCommandHandler patch) {
    routes.put(CommandType.direct, (request, command) -> direct.handle(request, command.getDirectMessage()));
    routes.put(CommandType.logs, (request, command) -> logs.handle(request, command.getLogsMessage()));
    routes.put(CommandType.patch, (request, command) -> patch.handle(request, command.getPatchMessage()));
    routes.put(CommandType.ack, (request, command) -> {
      receiverState.delivered(request, command.getAckMessage());
      return null;
    });
    routes.put(CommandType.read, (request, command) -> {
      receiverState.read(request, command.getReadMessage());
      return null;
    });
  }

  /** The types this service answers; equal to what {@link ClientCommands} forwards here (a test checks it). */
  Set<CommandType> handledCommands() {
    return EnumSet.copyOf(routes.keySet());
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
    Route route = routes.get(command.getCmd());
    if (route == null) {
      return Future.failedFuture(ServiceErrors.error(ErrorCode.INTERNAL_ERROR,
        "the message service does not handle cmd " + command.getCmd()));
    }
    return route.answer(request, command);
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
