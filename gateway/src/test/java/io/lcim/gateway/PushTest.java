package io.lcim.gateway;

import io.lcim.common.proto.AckCommand;
import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.PushDispatcher;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PushTest extends GatewayTestBase {

  private PushDispatcher pushes;

  @BeforeEach
  void createDispatcher() {
    pushes = new PushDispatcher(vertx.eventBus(), presence);
  }

  @Test
  void routesPushesOnASharedSocketByPeerId() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    TestClient shared = loggedIn(tom);
    shared.open(APP_ID, jerry);

    await(pushes.push(List.of(jerry), message("for jerry"), null));
    await(pushes.push(List.of(tom), message("for tom"), null));

    assertPush(shared.nextPush(), jerry, "for jerry");
    assertPush(shared.nextPush(), tom, "for tom");
  }

  @Test
  void aPushForSeveralClientsReachesEachSessionOnce() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    TestClient shared = loggedIn(tom);
    shared.open(APP_ID, jerry);
    TestClient tomsPhone = loggedIn(tom);

    await(pushes.push(List.of(tom, jerry), message("hi all"), null));
    await(pushes.push(List.of(tom), message("sentinel"), null));

    List<GenericCommand> onShared = List.of(shared.nextPush(), shared.nextPush());
    assertThat(onShared).extracting(GenericCommand::getPeerId).containsExactlyInAnyOrder(tom, jerry);
    assertPush(shared.nextPush(), tom, "sentinel");
    assertPush(tomsPhone.nextPush(), tom, "hi all");
    assertPush(tomsPhone.nextPush(), tom, "sentinel");
  }

  @Test
  void theSendingSessionIsLeftOutButTheSendersOtherDevicesAreNot() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    // A message service in miniature: pushes the message to both members except the sending session, then acks.
    MessageConsumer<Buffer> service = vertx.eventBus().consumer(Addresses.MESSAGE_COMMAND, request -> {
      ServiceRequest sender = ServiceRequest.fromHeaders(request.headers());
      DirectCommand sent = Commands.parse(request.body()).getDirectMessage();
      pushes.push(List.of(tom, jerry), message(sent.getMsg()), sender.sessionId())
        .onComplete(ar -> request.reply(Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.ack)
          .setAckMessage(AckCommand.newBuilder().setUid("m1").setT(1)).build())));
    });
    await(service.completion());
    TestClient laptop = loggedIn(tom);
    TestClient phone = loggedIn(tom);
    TestClient jerrys = loggedIn(jerry);

    GenericCommand ack = laptop.request(GenericCommand.newBuilder().setCmd(CommandType.direct)
      .setDirectMessage(DirectCommand.newBuilder().setCid("c1").setMsg("hello")).build());
    await(pushes.push(List.of(tom), message("sentinel"), null));

    assertThat(ack.getCmd()).isEqualTo(CommandType.ack);
    assertPush(phone.nextPush(), tom, "hello");
    assertPush(jerrys.nextPush(), jerry, "hello");
    assertPush(laptop.nextPush(), tom, "sentinel");
  }

  @Test
  void pushesArriveInTheOrderTheyWereSent() {
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);

    Future<Void> chain = Future.succeededFuture();
    for (int n = 0; n < 20; n++) {
      String text = "message " + n;
      chain = chain.compose(v -> pushes.push(List.of(tom), message(text), null));
    }
    await(chain);

    for (int n = 0; n < 20; n++) {
      assertPush(client.nextPush(), tom, "message " + n);
    }
  }

  @Test
  void aBrokenEnvelopeIsDroppedAndLaterPushesStillArrive() {
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);

    vertx.eventBus().send(Addresses.gatewayNode(gateway.nodeId()), Buffer.buffer(new byte[]{(byte) 0xff, 7}));
    await(pushes.push(List.of(tom), message("still here"), null));

    assertPush(client.nextPush(), tom, "still here");
  }

  private static GenericCommand message(String text) {
    return GenericCommand.newBuilder().setCmd(CommandType.direct)
      .setDirectMessage(DirectCommand.newBuilder().setCid("c1").setMsg(text).setFromPeerId("someone")).build();
  }

  private static void assertPush(GenericCommand push, String peerId, String text) {
    assertThat(push.getCmd()).isEqualTo(CommandType.direct);
    assertThat(push.hasI()).isFalse();
    assertThat(push.getPeerId()).isEqualTo(peerId);
    assertThat(push.getDirectMessage().getMsg()).isEqualTo(text);
  }
}
