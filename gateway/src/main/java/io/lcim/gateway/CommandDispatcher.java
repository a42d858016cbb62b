package io.lcim.gateway;

import io.lcim.common.ClientCommands;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/** Decodes each client frame and sends it where {@link ClientCommands} says: session handling, echo, a service. */
final class CommandDispatcher implements ClientConnection.FrameHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

  private final SessionCommands sessionCommands;
  private final ServiceForwarder forwarder;

  CommandDispatcher(SessionCommands sessionCommands, ServiceForwarder forwarder) {
    this.sessionCommands = sessionCommands;
    this.forwarder = forwarder;
  }

  @Override
  public Future<?> handle(ClientConnection connection, Buffer payload, boolean text) {
    FrameCodec.Decoded frame = FrameCodec.decode(payload, text);
    if (!frame.isOk()) {
      LOG.debug("Unparseable frame on {}: {}", connection, frame.failure());
      // Pushed even without i (garbage has none): the SDK ignores it, a developer sees why nothing happened.
      GenericCommand error = Commands.error(ErrorCode.UNPARSEABLE_RAW_MESSAGE, frame.failure());
      return connection.write(frame.serial() == 0 ? error : error.toBuilder().setI(frame.serial()).build());
    }
    GenericCommand command = frame.command();
    ClientCommands.Route route = ClientCommands.route(command.getCmd());
    if (route.owner() == ClientCommands.Owner.REFUSED) {
      return Replies.error(connection, command, route.refusal(), route.reason());
    }
    if (command.getCmd() == CommandType.session) {
      return sessionCommands.handle(connection, command);
    }
    if (command.getCmd() == CommandType.echo) {
      return Replies.respond(connection, command, GenericCommand.newBuilder().setCmd(CommandType.echo).build());
    }
    ClientSession session = connection.sessionFor(command);
    if (session == null) {
      return Replies.error(connection, command, ErrorCode.SESSION_REQUIRED, null);
    }
    return forwarder.forward(connection, session, command, route.address(), frame.bytes());
  }
}
