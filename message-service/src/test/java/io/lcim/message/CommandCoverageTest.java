package io.lcim.message;

import io.lcim.common.ClientCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command type the gateway forwards here has a handler, and nothing is handled that never arrives. */
@Timeout(10)
class CommandCoverageTest {

  @Test
  void handlesExactlyWhatTheGatewayForwardsHere() {
    MessageCommandHandler handler = new MessageCommandHandler(null, null, null, null);

    assertThat(handler.handledCommands()).isEqualTo(ClientCommands.ownedBy(ClientCommands.Owner.MESSAGE_SERVICE));
  }
}
