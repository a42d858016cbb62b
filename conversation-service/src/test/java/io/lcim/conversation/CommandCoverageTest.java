package io.lcim.conversation;

import io.lcim.common.ClientCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command type the gateway forwards here is dispatched, and nothing is dispatched that never arrives. */
@Timeout(10)
class CommandCoverageTest {

  @Test
  void handlesExactlyWhatTheGatewayForwardsHere() {
    assertThat(ConversationCommands.HANDLED_COMMANDS)
      .isEqualTo(ClientCommands.ownedBy(ClientCommands.Owner.CONVERSATION_SERVICE));
  }
}
