package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lcim.gateway.SessionTest.assertError;
import static io.lcim.gateway.SessionTest.conv;
import static org.assertj.core.api.Assertions.assertThat;

/** Single sign-on per tag on one gateway node (lc-protocol §3.1, §3.5). */
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

  private static GenericCommand login(String clientId, String tag, String deviceId) {
    SessionCommand.Builder login = SessionCommand.newBuilder().setR(false).setDeviceId(deviceId);
    if (tag != null) {
      login.setTag(tag);
    }
    return TestClient.openCommand(APP_ID, clientId, login.build());
  }
}
