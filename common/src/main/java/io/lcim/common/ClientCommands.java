package io.lcim.common;

import io.lcim.common.proto.CommandType;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of what happens to each {@code cmd} a client sends (docs/protocol.md §2): handled by the gateway
 * itself, forwarded to the service that owns its family, or refused with a stated code. A new client command is
 * added here, in the owning service's dispatcher and in the schema; tests check that every {@link CommandType} has
 * an entry and that every forwarded type has a handler in its service.
 */
public final class ClientCommands {

  /** Who answers a command. */
  public enum Owner {
    /** {@code session}, {@code echo}: answered by the gateway node that holds the socket. */
    GATEWAY,
    CONVERSATION_SERVICE,
    MESSAGE_SERVICE,
    /** Not served: answered with {@link Route#refusal()} by the gateway, never forwarded. */
    REFUSED
  }

  /** Where a command goes; {@code address} for forwarded ones, {@code refusal}/{@code reason} for refused ones. */
  public record Route(Owner owner, String address, ErrorCode refusal, String reason) {

    public boolean forwarded() {
      return address != null;
    }
  }

  private static final Map<CommandType, Route> ROUTES = new EnumMap<>(CommandType.class);

  static {
    ROUTES.put(CommandType.session, new Route(Owner.GATEWAY, null, null, null));
    ROUTES.put(CommandType.echo, new Route(Owner.GATEWAY, null, null, null));
    ROUTES.put(CommandType.conv, new Route(Owner.CONVERSATION_SERVICE, Addresses.CONVERSATION_COMMAND, null, null));
    for (CommandType type : new CommandType[]{CommandType.direct, CommandType.logs, CommandType.ack,
      CommandType.read, CommandType.patch}) {
      ROUTES.put(type, new Route(Owner.MESSAGE_SERVICE, Addresses.MESSAGE_COMMAND, null, null));
    }
    // Pushes: the server sends these, a client never does.
    for (CommandType type : new CommandType[]{CommandType.error, CommandType.rcp, CommandType.unread,
      CommandType.loggedin, CommandType.loggedout, CommandType.goaway}) {
      refuse(type, ErrorCode.UNPARSEABLE_RAW_MESSAGE, "cmd " + type + " is sent by the server, not by clients");
    }
    // Client commands of features this server does not serve (yet); refused in their family's terms.
    refuse(CommandType.blacklist, ErrorCode.CONVERSATION_API_FAILED, "conversation blacklists are not supported");
    for (CommandType type : new CommandType[]{CommandType.login, CommandType.logout, CommandType.data,
      CommandType.room, CommandType.presence, CommandType.report, CommandType.pubsub}) {
      refuse(type, ErrorCode.UNPARSEABLE_RAW_MESSAGE, "cmd " + type + " is not supported by this server");
    }
  }

  private ClientCommands() {
  }

  private static void refuse(CommandType type, ErrorCode code, String reason) {
    ROUTES.put(type, new Route(Owner.REFUSED, null, code, reason));
  }

  /** The route of {@code type}; refused for a value this table does not know (a newer schema's). */
  public static Route route(CommandType type) {
    Route route = ROUTES.get(type);
    return route != null ? route
      : new Route(Owner.REFUSED, null, ErrorCode.UNPARSEABLE_RAW_MESSAGE, "unknown cmd " + type);
  }

  /** The command types {@code owner} answers. */
  public static Set<CommandType> ownedBy(Owner owner) {
    Set<CommandType> types = EnumSet.noneOf(CommandType.class);
    ROUTES.forEach((type, route) -> {
      if (route.owner() == owner) {
        types.add(type);
      }
    });
    return types;
  }

  /** Every type this table has an entry for (a test checks that it is all of {@link CommandType}). */
  public static Set<CommandType> known() {
    return EnumSet.copyOf(ROUTES.keySet());
  }
}
