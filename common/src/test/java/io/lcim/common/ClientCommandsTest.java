package io.lcim.common;

import io.lcim.common.proto.CommandType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ClientCommandsTest {

  @Test
  void everyCommandTypeHasARoute() {
    assertThat(ClientCommands.known()).isEqualTo(EnumSet.allOf(CommandType.class));
  }

  @Test
  void forwardedOnesNameTheirServiceAndRefusedOnesSayWhy() {
    for (CommandType type : CommandType.values()) {
      ClientCommands.Route route = ClientCommands.route(type);
      switch (route.owner()) {
        case CONVERSATION_SERVICE -> assertThat(route.address()).isEqualTo(Addresses.CONVERSATION_COMMAND);
        case MESSAGE_SERVICE -> assertThat(route.address()).isEqualTo(Addresses.MESSAGE_COMMAND);
        case GATEWAY -> assertThat(route.address()).isNull();
        case REFUSED -> {
          assertThat(route.address()).as("%s", type).isNull();
          assertThat(route.refusal()).as("%s", type).isNotNull().isNotEqualTo(ErrorCode.INTERNAL_ERROR);
          assertThat(route.reason()).as("%s", type).contains(type.name());
        }
      }
    }
  }

  @Test
  void pushesAreNeverAcceptedFromClients() {
    for (CommandType push : new CommandType[]{CommandType.error, CommandType.rcp, CommandType.unread,
      CommandType.goaway, CommandType.loggedin, CommandType.loggedout}) {
      assertThat(ClientCommands.route(push).owner()).isEqualTo(ClientCommands.Owner.REFUSED);
    }
  }
}
