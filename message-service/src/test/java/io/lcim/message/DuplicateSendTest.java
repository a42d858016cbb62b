package io.lcim.message;

import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lcim.message.MessageServiceHarness.block;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that lost an ack (socket dropped, server restarted) and sends the same message again, with the same
 * client token {@code dt}, must not create a second message: it gets the original ack, and nobody gets it twice.
 */
class DuplicateSendTest extends MessageServiceTestBase {

  @Test
  void aResendAfterReconnectingGetsTheOriginalAckAndIsStoredAndPushedOnce() throws InterruptedException {
    harness.conversation("d-resend", "alice", "bob");
    MessageServiceHarness.GatewayNode node = block(harness.gatewayNode("node-resend", List.of("bob")));
    DirectCommand.Builder message = text("d-resend", "hello once", "token-1");

    AckCommand first = block(session("alice", "before-drop").send(message)).getAckMessage();
    AckCommand resent = block(session("alice", "after-reconnect").send(message)).getAckMessage();

    assertThat(resent.getUid()).isEqualTo(first.getUid());
    assertThat(resent.getT()).isEqualTo(first.getT());
    assertThat(resent.hasCode()).isFalse();
    assertThat(block(harness.storedCount("d-resend"))).isEqualTo(1);
    Thread.sleep(300); // a second push would have arrived by now
    assertThat(node.all()).hasSize(1);
  }

  @Test
  void aResendRacingItsOriginalIsStillStoredOnce() {
    harness.conversation("d-race", "alice", "bob");
    DirectCommand.Builder message = text("d-race", "racing", "token-2");

    List<GenericCommand> acks = block(Future.all(session("alice", "old-socket").send(message),
      session("alice", "new-socket").send(message))).list();

    assertThat(acks.get(1).getAckMessage().getUid()).isEqualTo(acks.get(0).getAckMessage().getUid());
    assertThat(block(harness.storedCount("d-race"))).isEqualTo(1);
  }

  @Test
  void aReusedTokenWithOtherContentOrFromAnotherSenderIsANewMessage() {
    harness.conversation("d-reuse", "alice", "bob");

    String one = block(session("alice", "s").send(text("d-reuse", "first", "same-token"))).getAckMessage().getUid();
    String two = block(session("alice", "s").send(text("d-reuse", "second", "same-token"))).getAckMessage().getUid();
    String three = block(session("bob", "s").send(text("d-reuse", "first", "same-token"))).getAckMessage().getUid();
    String untokened = block(session("alice", "s").send(DirectCommand.newBuilder().setCid("d-reuse").setMsg("first")
      .setMentionAll(false))).getAckMessage().getUid();

    assertThat(List.of(one, two, three, untokened)).doesNotHaveDuplicates();
    assertThat(block(harness.storedCount("d-reuse"))).isEqualTo(4);
  }

  private static DirectCommand.Builder text(String cid, String msg, String token) {
    return DirectCommand.newBuilder().setCid(cid).setMsg(msg).setDt(token).setMentionAll(false);
  }

  private static TestClient session(String clientId, String sessionName) {
    return new TestClient(harness, new ServiceRequest(MessageServiceHarness.APP_ID, clientId,
      clientId + "-" + sessionName, "node-resend"));
  }
}
