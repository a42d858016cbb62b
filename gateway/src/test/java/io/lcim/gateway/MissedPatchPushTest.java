package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.MissedPatchesRequest;
import io.lcim.common.UnreadRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.PatchCommand;
import io.lcim.common.proto.PatchItem;
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

/** The push of edits and recalls missed while offline, after the {@code unread} push (docs/protocol.md §3.1, §3.18). */
@Timeout(60)
class MissedPatchPushTest extends GatewayTestBase {

  /** What the JS SDK sends: every capability it has, including patch pushes (bit 0). */
  private static final long JS_CONFIG_BITMAP = 59;

  private final BlockingQueue<MissedPatchesRequest> requests = new LinkedBlockingQueue<>();
  private final Map<String, UnreadCommand> summaries = new ConcurrentHashMap<>();
  private final Map<String, PatchCommand> missed = new ConcurrentHashMap<>();

  private void fakeMessageService() {
    await(vertx.eventBus().<JsonObject>consumer(Addresses.MESSAGE_UNREAD, message -> {
      UnreadRequest request = UnreadRequest.fromJson(message.body());
      message.reply(Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.unread)
        .setUnreadMessage(summaries.getOrDefault(request.clientId(), UnreadCommand.newBuilder().setNotifTime(1)
          .build())).build()));
    }).completion());
    await(vertx.eventBus().<JsonObject>consumer(Addresses.MESSAGE_MISSED_PATCHES, message -> {
      MissedPatchesRequest request = MissedPatchesRequest.fromJson(message.body());
      requests.add(request);
      message.reply(Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.patch).setOp(OpType.modify)
        .setPatchMessage(missed.getOrDefault(request.clientId(), PatchCommand.getDefaultInstance())).build()));
    }).completion());
  }

  private static GenericCommand login(String clientId, SessionCommand.Builder session) {
    return TestClient.openCommand(APP_ID, clientId, session.setR(false).build());
  }

  @Test
  void missedPatchesArePushedToTheClientRightAfterTheUnreadPush() throws InterruptedException {
    fakeMessageService();
    String jerry = uniqueId("Jerry");
    summaries.put(jerry, UnreadCommand.newBuilder().setNotifTime(2000)
      .addConvs(UnreadTuple.newBuilder().setCid("c1").setUnread(1)).build());
    PatchCommand patches = PatchCommand.newBuilder()
      .addPatches(PatchItem.newBuilder().setCid("c1").setMid("m1").setTimestamp(10).setFrom("Tom")
        .setData("{\"_lctype\":-1,\"_lctext\":\"edited\"}").setPatchTimestamp(1500))
      .addPatches(PatchItem.newBuilder().setCid("c1").setMid("m2").setTimestamp(11).setFrom("Tom")
        .setData("{\"_lctype\":-127}").setRecall(true).setPatchTimestamp(1600))
      .setLastPatchTime(1600)
      .build();
    missed.put(jerry, patches);
    TestClient client = connect();

    GenericCommand opened = client.request(login(jerry, SessionCommand.newBuilder().setLastPatchTime(1000)
      .setConfigBitmap(JS_CONFIG_BITMAP)));
    GenericCommand first = client.nextPush();
    GenericCommand second = client.nextPush();

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(first.getCmd()).isEqualTo(CommandType.unread);
    assertThat(second.getCmd()).isEqualTo(CommandType.patch);
    assertThat(second.getOp()).isEqualTo(OpType.modify);
    assertThat(second.getPeerId()).isEqualTo(jerry);
    assertThat(second.hasI()).isFalse();
    assertThat(second.getPatchMessage()).isEqualTo(patches);
    assertThat(requests.poll(5, TimeUnit.SECONDS)).isEqualTo(new MissedPatchesRequest(jerry, 1000));
  }

  @Test
  void nothingMissedMeansNoPush() throws InterruptedException {
    fakeMessageService();
    String tom = uniqueId("Tom");
    TestClient client = connect();

    GenericCommand opened = client.request(login(tom, SessionCommand.newBuilder().setLastPatchTime(1000)));

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(requests.poll(5, TimeUnit.SECONDS)).isEqualTo(new MissedPatchesRequest(tom, 1000));
    // The next frame is handled only after the login pushes: its answer arriving means none was due.
    client.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());
    assertThat(client.pendingPushes()).isZero();
  }

  @Test
  void withoutACursorOrThePatchCapabilityNothingIsAskedFor() {
    fakeMessageService();
    String spike = uniqueId("Spike");
    missed.put(spike, PatchCommand.newBuilder().addPatches(PatchItem.newBuilder().setCid("c").setMid("m")
      .setPatchTimestamp(5)).setLastPatchTime(5).build());

    TestClient noCursor = connect();
    noCursor.request(login(spike, SessionCommand.newBuilder()));
    noCursor.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());
    TestClient noCapability = connect();
    noCapability.request(login(spike, SessionCommand.newBuilder().setLastPatchTime(1).setConfigBitmap(58)));
    noCapability.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());

    assertThat(noCursor.pendingPushes()).isZero();
    assertThat(noCapability.pendingPushes()).isZero();
    assertThat(requests).isEmpty();
  }

  @Test
  void aFailingMessageServiceCostsOnlyThePush() {
    await(vertx.eventBus().consumer(Addresses.MESSAGE_MISSED_PATCHES, message -> message.fail(500, "store down"))
      .completion());
    String tom = uniqueId("Tom");
    TestClient client = connect();

    GenericCommand opened = client.request(login(tom, SessionCommand.newBuilder().setLastPatchTime(1000)));
    GenericCommand echo = client.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(echo.getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.pendingPushes()).isZero();
  }
}
