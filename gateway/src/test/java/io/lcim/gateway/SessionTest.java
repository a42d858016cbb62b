package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SessionTest extends GatewayTestBase {

  private final SessionTokens tokens = new SessionTokens(MASTER_KEY, APP_ID, 86400);

  @Test
  void openIssuesAValidSessionTokenAndRegistersPresence() {
    String tom = uniqueId("Tom");
    TestClient client = connect();

    GenericCommand opened = client.open(APP_ID, tom);

    assertThat(opened.getCmd()).isEqualTo(CommandType.session);
    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(opened.getI()).isEqualTo(1);
    assertThat(opened.getPeerId()).isEqualTo(tom);
    assertThat(opened.getServerTs()).isPositive();
    assertThat(opened.getSessionMessage().getStTtl()).isEqualTo(86400);
    assertThat(tokens.isValid(tom, opened.getSessionMessage().getSt())).isTrue();
    assertThat(opened.getSessionMessage().hasCode()).isFalse();
    assertThat(await(presence.online(List.of(tom)))).containsExactly(tom);
  }

  @Test
  void refusesAnotherAppIdWithoutOpeningASession() {
    String tom = uniqueId("Tom");
    TestClient client = connect();

    GenericCommand refused = client.open("some-other-app", tom);

    assertError(refused, ErrorCode.APP_NOT_AVAILABLE, 1);
    assertError(client.request(conv()), ErrorCode.SESSION_REQUIRED, 2);
    assertThat(await(presence.online(List.of(tom)))).isEmpty();
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void acceptsAReconnectWithItsSessionToken() {
    String tom = uniqueId("Tom");
    String st = loggedIn(tom).open(APP_ID, tom).getSessionMessage().getSt();

    GenericCommand reopened = connect().request(reconnect(tom, st));

    assertThat(reopened.getOp()).isEqualTo(OpType.opened);
    assertThat(reopened.getPeerId()).isEqualTo(tom);
    assertThat(tokens.isValid(tom, reopened.getSessionMessage().getSt())).isTrue();
  }

  @Test
  void refusesATamperedOrForeignTokenWith4112SoTheSdkRetriesWithoutIt() {
    String tom = uniqueId("Tom");
    String st = connect().open(APP_ID, tom).getSessionMessage().getSt();
    int inSignature = st.indexOf('.') + 5;
    char original = st.charAt(inSignature);
    String tampered = st.substring(0, inSignature) + (original == 'A' ? 'B' : 'A') + st.substring(inSignature + 1);
    TestClient client = connect();

    assertError(client.request(reconnect(tom, tampered)), ErrorCode.SESSION_TOKEN_EXPIRED, 1);
    assertError(client.request(reconnect(uniqueId("Jerry"), st)), ErrorCode.SESSION_TOKEN_EXPIRED, 2);
    // What the SDK does next: the same open without st, which is accepted (no login signatures yet).
    GenericCommand retried = client.request(reconnect(tom, null));
    assertThat(retried.getOp()).isEqualTo(OpType.opened);
    assertThat(retried.getI()).isEqualTo(3);
  }

  @Test
  void assignsAClientIdWhenNoneIsGiven() {
    GenericCommand opened = connect().open(APP_ID, null);

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(opened.getPeerId()).isNotEmpty().hasSizeLessThanOrEqualTo(64);
    assertThat(tokens.isValid(opened.getPeerId(), opened.getSessionMessage().getSt())).isTrue();
  }

  @Test
  void refusesAClientIdLongerThan64Characters() {
    TestClient client = connect();

    assertError(client.open(APP_ID, "x".repeat(65)), ErrorCode.INVALID_LOGIN, 1);
    assertThat(client.open(APP_ID, uniqueId("y".repeat(50))).getOp()).isEqualTo(OpType.opened);
  }

  @Test
  void openingTheSameClientTwiceOnOneSocketKeepsOneSession() {
    String tom = uniqueId("Tom");
    TestClient client = connect();
    client.open(APP_ID, tom);

    assertThat(client.open(APP_ID, tom).getOp()).isEqualTo(OpType.opened);
    client.request(sessionCommand(OpType.close, null));

    // One close ended the only session: nothing is left to act for.
    assertError(client.request(conv()), ErrorCode.SESSION_REQUIRED, 4);
    assertThat(await(presence.online(List.of(tom)))).isEmpty();
  }

  @Test
  void queryReportsWhichClientsAreOnline() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    String nobody = uniqueId("Nobody");
    loggedIn(jerry);
    TestClient client = loggedIn(tom);

    GenericCommand result = client.request(GenericCommand.newBuilder().setCmd(CommandType.session)
      .setOp(OpType.query)
      .setSessionMessage(SessionCommand.newBuilder().addSessionPeerIds(jerry).addSessionPeerIds(nobody)
        .addSessionPeerIds(tom))
      .build());

    assertThat(result.getOp()).isEqualTo(OpType.query_result);
    assertThat(result.getSessionMessage().getOnlineSessionPeerIdsList()).containsExactly(jerry, tom);
  }

  @Test
  void closeAnswersAndRemovesPresence() {
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);

    GenericCommand closed = client.request(sessionCommand(OpType.close, null));

    assertThat(closed.getCmd()).isEqualTo(CommandType.session);
    assertThat(closed.getOp()).isEqualTo(OpType.closed);
    assertThat(closed.getI()).isEqualTo(2);
    assertThat(await(presence.online(List.of(tom)))).isEmpty();
    assertError(client.request(conv()), ErrorCode.SESSION_REQUIRED, 3);
  }

  @Test
  void closeKeepsPresenceWhileAnotherSocketHoldsTheClient() {
    String tom = uniqueId("Tom");
    TestClient laptop = loggedIn(tom);
    TestClient phone = loggedIn(tom);

    laptop.request(sessionCommand(OpType.close, null));
    assertThat(await(presence.online(List.of(tom)))).containsExactly(tom);

    phone.request(sessionCommand(OpType.close, null));
    assertThat(await(presence.online(List.of(tom)))).isEmpty();
  }

  @Test
  void closeWithPeerIdEndsOnlyThatClientOfASharedSocket() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    TestClient shared = loggedIn(tom);
    shared.open(APP_ID, jerry);

    shared.request(sessionCommand(OpType.close, jerry));

    assertThat(await(presence.online(List.of(tom, jerry)))).containsExactly(tom);
  }

  @Test
  void closingTheSocketRemovesPresence() throws InterruptedException {
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);

    client.close();

    assertThat(awaitOnline(List.of(tom), Set.of())).isEmpty();
  }

  @Test
  void refreshIssuesANewToken() {
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);

    GenericCommand refreshed = client.request(GenericCommand.newBuilder().setCmd(CommandType.session)
      .setOp(OpType.refresh).setSessionMessage(SessionCommand.newBuilder().setSt("expired.token")).build());

    assertThat(refreshed.getOp()).isEqualTo(OpType.refreshed);
    assertThat(refreshed.getSessionMessage().getStTtl()).isEqualTo(86400);
    assertThat(tokens.isValid(tom, refreshed.getSessionMessage().getSt())).isTrue();
  }

  @Test
  void echoIsAnsweredWithItsSerialIdEvenBeforeLogin() {
    TestClient client = connect();

    GenericCommand reply = client.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());

    assertThat(reply.getCmd()).isEqualTo(CommandType.echo);
    assertThat(reply.getI()).isEqualTo(1);
    assertThat(reply.hasErrorMessage()).isFalse();
  }

  static void assertError(GenericCommand response, ErrorCode code, int i) {
    assertThat(response.getCmd()).isEqualTo(CommandType.error);
    assertThat(response.getI()).isEqualTo(i);
    assertThat(response.getErrorMessage().getCode()).isEqualTo(code.code());
    assertThat(response.getErrorMessage().getReason()).isEqualTo(code.name());
  }

  static GenericCommand conv() {
    return GenericCommand.newBuilder().setCmd(CommandType.conv).setOp(OpType.query)
      .setConvMessage(ConvCommand.newBuilder().setLimit(10)).build();
  }

  static GenericCommand sessionCommand(OpType op, String peerId) {
    GenericCommand.Builder command = GenericCommand.newBuilder().setCmd(CommandType.session).setOp(op);
    if (peerId != null) {
      command.setPeerId(peerId);
    }
    return command.build();
  }

  private static GenericCommand reconnect(String clientId, String st) {
    SessionCommand.Builder login = SessionCommand.newBuilder().setR(true).setUa("js/4.3.1");
    if (st != null) {
      login.setSt(st);
    }
    return TestClient.openCommand(APP_ID, clientId, login.build());
  }

  /** Presence changes caused by a socket closing happen after the close: poll until they show. */
  private Set<String> awaitOnline(List<String> ids, Set<String> expected) throws InterruptedException {
    Set<String> online = await(presence.online(ids));
    for (int attempt = 0; attempt < 100 && !online.equals(expected); attempt++) {
      Thread.sleep(50);
      online = await(presence.online(ids));
    }
    return online;
  }
}
