package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.DeploymentOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.lcim.gateway.SessionTest.assertError;
import static io.lcim.gateway.SessionTest.conv;
import static org.assertj.core.api.Assertions.assertThat;

/** Single sign-on per tag, on one gateway node and across nodes (docs/protocol.md §3.1, §3.5). */
@Timeout(60)
class TagConflictTest extends GatewayTestBase {

  @Test
  void aNewLoginWithTheSameTagOnAnotherDeviceKicksTheOlderSession() {
    String tom = uniqueId("Tom");
    TestClient oldPhone = connect();
    oldPhone.request(login(tom, "Mobile", "device-1"));
    TestClient newPhone = connect();

    GenericCommand opened = newPhone.request(login(tom, "Mobile", "device-2"));

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    GenericCommand kicked = oldPhone.nextPush();
    assertThat(kicked.getCmd()).isEqualTo(CommandType.session);
    assertThat(kicked.getOp()).isEqualTo(OpType.closed);
    assertThat(kicked.getPeerId()).isEqualTo(tom);
    assertThat(kicked.getSessionMessage().getCode()).isEqualTo(ErrorCode.SESSION_CONFLICT.code());
    assertThat(kicked.getSessionMessage().getReason()).isEqualTo(ErrorCode.SESSION_CONFLICT.name());
    assertError(oldPhone.request(conv()), ErrorCode.SESSION_REQUIRED, 2);
    assertThat(await(presence.online(List.of(tom)))).containsExactly(tom);
  }

  @Test
  void differentTagsOrTheSameDeviceOrAReconnectKickNobody() {
    String tom = uniqueId("Tom");
    TestClient phone = connect();
    phone.request(login(tom, "Mobile", "device-1"));

    connect().request(login(tom, "Web", "device-2"));
    connect().request(login(tom, null, "device-3"));
    connect().request(login(tom, "Mobile", "device-1"));
    connect().request(TestClient.openCommand(APP_ID, tom, SessionCommand.newBuilder().setR(true).build()));

    // Still logged in: the request is answered as a session command, not with SESSION_REQUIRED.
    GenericCommand refreshed = phone.request(GenericCommand.newBuilder().setCmd(CommandType.session)
      .setOp(OpType.refresh).build());
    assertThat(refreshed.getOp()).isEqualTo(OpType.refreshed);
    assertThat(phone.pendingPushes()).isZero();
  }

  @Test
  void aLoginOnAnotherGatewayNodeKicksTheOlderSessionThere() {
    GatewayVerticle otherNode = new GatewayVerticle();
    await(vertx.deployVerticle(otherNode, new DeploymentOptions().setConfig(baseConfig())));
    String tom = uniqueId("Tom");
    TestClient oldPhone = connect();
    oldPhone.request(login(tom, "Mobile", "device-1"));
    TestClient webOnOldNode = connect();
    webOnOldNode.request(login(tom, "Web", "device-3"));
    TestClient newPhone = TestClient.connect(webSockets, otherNode.actualPort());

    GenericCommand opened = newPhone.request(login(tom, "Mobile", "device-2"));

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertKicked(oldPhone.nextPush(), tom);
    assertError(oldPhone.request(conv()), ErrorCode.SESSION_REQUIRED, 2);
    // Another tag on the old node, and the new session, are untouched.
    assertThat(webOnOldNode.request(refresh()).getOp()).isEqualTo(OpType.refreshed);
    assertThat(newPhone.request(refresh()).getOp()).isEqualTo(OpType.refreshed);
    assertThat(webOnOldNode.pendingPushes()).isZero();
    assertThat(newPhone.pendingPushes()).isZero();
  }

  @Test
  void aReplacedDeviceThatComesBackWithRTrueIsRefusedWith4111AndTheNewOneIsNot() {
    String tom = uniqueId("Tom");
    TestClient oldPhone = connect();
    String oldToken = oldPhone.request(login(tom, "Mobile", "device-1")).getSessionMessage().getSt();
    oldPhone.close(); // offline (a train tunnel) while the new phone logs in
    TestClient newPhone = connect();
    String newToken = newPhone.request(login(tom, "Mobile", "device-2")).getSessionMessage().getSt();

    GenericCommand refused = connect().request(reconnect(tom, oldToken));
    GenericCommand resumed = connect().request(reconnect(tom, newToken));

    assertError(refused, ErrorCode.SESSION_CONFLICT, 1);
    assertThat(resumed.getOp()).isEqualTo(OpType.opened);
  }

  @Test
  void theTagSurvivesAReconnectSoTheResumedSessionCanStillBeReplaced() {
    String tom = uniqueId("Tom");
    TestClient phone = connect();
    String token = phone.request(login(tom, "Mobile", "device-1")).getSessionMessage().getSt();
    phone.close();
    // The SDK's reconnect carries neither tag nor device id: only the token knows them.
    TestClient resumedPhone = connect();
    GenericCommand resumed = resumedPhone.request(reconnect(tom, token));
    assertThat(resumed.getOp()).isEqualTo(OpType.opened);

    connect().request(login(tom, "Mobile", "device-2"));

    assertKicked(resumedPhone.nextPush(), tom);
  }

  private static void assertKicked(GenericCommand kicked, String clientId) {
    assertThat(kicked.getCmd()).isEqualTo(CommandType.session);
    assertThat(kicked.getOp()).isEqualTo(OpType.closed);
    assertThat(kicked.getPeerId()).isEqualTo(clientId);
    assertThat(kicked.getSessionMessage().getCode()).isEqualTo(ErrorCode.SESSION_CONFLICT.code());
  }

  private static GenericCommand refresh() {
    return GenericCommand.newBuilder().setCmd(CommandType.session).setOp(OpType.refresh).build();
  }

  private static GenericCommand reconnect(String clientId, String token) {
    return TestClient.openCommand(APP_ID, clientId, SessionCommand.newBuilder().setR(true).setSt(token).build());
  }

  private static GenericCommand login(String clientId, String tag, String deviceId) {
    SessionCommand.Builder login = SessionCommand.newBuilder().setR(false).setDeviceId(deviceId);
    if (tag != null) {
      login.setTag(tag);
    }
    return TestClient.openCommand(APP_ID, clientId, login.build());
  }
}
