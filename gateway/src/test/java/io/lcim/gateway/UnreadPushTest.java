package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.UnreadRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.lcim.common.proto.UnreadCommand;
import io.lcim.common.proto.UnreadTuple;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code unread} push right after login (docs/protocol.md §3.15), from a stand-in message-service. */
@Timeout(60)
class UnreadPushTest extends GatewayTestBase {

  private final BlockingQueue<UnreadRequest> requests = new LinkedBlockingQueue<>();
  private final Map<String, UnreadCommand> summaries = new ConcurrentHashMap<>();

  private void fakeMessageService() {
    await(vertx.eventBus().<JsonObject>consumer(Addresses.MESSAGE_UNREAD, message -> {
      UnreadRequest request = UnreadRequest.fromJson(message.body());
      requests.add(request);
      UnreadCommand summary = summaries.getOrDefault(request.clientId(),
        UnreadCommand.newBuilder().setNotifTime(1).build());
      message.reply(Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.unread)
        .setUnreadMessage(summary).build()));
    }).completion());
  }

  @Test
  void aLoginWithNewsGetsOneUnreadPushAddressedToItsClientAfterOpened() throws InterruptedException {
    fakeMessageService();
    String jerry = uniqueId("Jerry");
    UnreadCommand news = UnreadCommand.newBuilder().setNotifTime(1234)
      .addConvs(UnreadTuple.newBuilder().setCid("c1").setUnread(3).setMid("m3").setTimestamp(99).setFrom("Tom")
        .setData("{\"_lctext\":\"hi\",\"_lctype\":-1}"))
      .addConvs(UnreadTuple.newBuilder().setCid("c2").setUnread(0))
      .build();
    summaries.put(jerry, news);
    TestClient client = connect();

    GenericCommand opened = client.open(APP_ID, jerry);
    GenericCommand unread = client.nextPush();

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(unread.getCmd()).isEqualTo(CommandType.unread);
    assertThat(unread.getPeerId()).isEqualTo(jerry);
    assertThat(unread.hasI()).isFalse();
    assertThat(unread.getUnreadMessage()).isEqualTo(news);
    UnreadRequest asked = requests.poll(5, TimeUnit.SECONDS);
    assertThat(asked).isEqualTo(new UnreadRequest(jerry, null));
  }

  @Test
  void aReconnectAsksOnlyForChangesSinceItsCursorAndNoNewsMeansNoPush() throws InterruptedException {
    fakeMessageService();
    String tom = uniqueId("Tom");
    TestClient first = connect();
    String token = first.open(APP_ID, tom).getSessionMessage().getSt();
    requests.poll(5, TimeUnit.SECONDS);
    first.close();

    TestClient again = connect();
    GenericCommand reopened = again.request(TestClient.openCommand(APP_ID, tom, SessionCommand.newBuilder()
      .setR(true).setSt(token).setLastUnreadNotifTime(1234).build()));

    assertThat(reopened.getOp()).isEqualTo(OpType.opened);
    assertThat(requests.poll(5, TimeUnit.SECONDS)).isEqualTo(new UnreadRequest(tom, 1234L));
    // The next frame is handled only after the unread step: its answer arriving means no push was due.
    again.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());
    assertThat(again.pendingPushes()).isZero();
  }

  @Test
  void withoutMessageServiceTheLoginStillSucceeds() {
    String tom = uniqueId("Tom");
    TestClient client = connect();

    GenericCommand opened = client.open(APP_ID, tom);
    GenericCommand echo = client.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(echo.getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.pendingPushes()).isZero();
  }
}
