package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.PushDispatcher;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Redeploys and dropped connections: nothing accepted is left unanswered, nothing is delivered twice. */
@Timeout(60)
class DrainAndReconnectTest extends GatewayTestBase {

  @Test
  void aStoppingNodeAnswersWhatItAcceptedBeforeItSaysGoaway() throws InterruptedException {
    BlockingQueue<Message<Buffer>> accepted = new LinkedBlockingQueue<>();
    await(vertx.eventBus().<Buffer>consumer(Addresses.MESSAGE_COMMAND, accepted::add).completion());
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);
    int i = client.sendRequest(GenericCommand.newBuilder().setCmd(CommandType.direct)
      .setDirectMessage(DirectCommand.newBuilder().setCid("c1").setMsg("sent just before the deploy")).build());
    Message<Buffer> inFlight = accepted.poll(5, TimeUnit.SECONDS);
    assertThat(inFlight).isNotNull();

    Future<Void> stopped = vertx.undeploy(gateway.deploymentID());
    // The stop has begun (and with it the drain) once it has removed the node's presence.
    for (int attempt = 0; attempt < 100 && !await(presence.online(List.of(tom))).isEmpty(); attempt++) {
      Thread.sleep(20);
    }
    // A request arriving once the node drains is refused at once instead of being left unanswered.
    GenericCommand late = client.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());
    assertThat(late.getErrorMessage().getCode()).isEqualTo(ErrorCode.INTERNAL_ERROR.code());
    assertThat(late.getErrorMessage().getDetail()).contains("restarting");
    // The service stores the message and acks it while the node is already stopping.
    inFlight.reply(Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.ack)
      .setAckMessage(AckCommand.newBuilder().setUid("m1").setT(42)).build()));

    GenericCommand ack = client.response(i);
    assertThat(ack.getAckMessage().getUid()).isEqualTo("m1");
    assertThat(client.nextPush().getCmd()).isEqualTo(CommandType.goaway);
    client.awaitClose();
    await(stopped);
  }

  @Test
  void aClientThatReconnectsGetsEveryLaterPushExactlyOnceOnItsNewSocket() throws InterruptedException {
    PushDispatcher pushes = new PushDispatcher(vertx.eventBus(), presence);
    String tom = uniqueId("Tom");
    TestClient before = connect();
    String token = before.open(APP_ID, tom).getSessionMessage().getSt();
    await(pushes.push(List.of(tom), message("before the drop"), null));
    assertThat(before.nextPush().getDirectMessage().getMsg()).isEqualTo("before the drop");

    // The old socket's clean-up and the new login race each other in Redis.
    before.socket().close();
    TestClient after = connect();
    GenericCommand reopened = after.request(TestClient.openCommand(APP_ID, tom,
      SessionCommand.newBuilder().setR(true).setSt(token).build()));
    assertThat(reopened.getOp()).isEqualTo(OpType.opened);
    before.awaitClose();
    Thread.sleep(300); // let the closed socket's presence clean-up finish
    assertThat(await(presence.online(List.of(tom)))).isEqualTo(Set.of(tom));

    for (int n = 0; n < 5; n++) {
      await(pushes.push(List.of(tom), message("after " + n), null));
    }

    for (int n = 0; n < 5; n++) {
      assertThat(after.nextPush().getDirectMessage().getMsg()).isEqualTo("after " + n);
    }
    after.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());
    assertThat(after.pendingPushes()).isZero();
    assertThat(before.pendingPushes()).isZero();
  }

  private static GenericCommand message(String text) {
    return GenericCommand.newBuilder().setCmd(CommandType.direct)
      .setDirectMessage(DirectCommand.newBuilder().setCid("c1").setMsg(text).setFromPeerId("Jerry")).build();
  }
}
