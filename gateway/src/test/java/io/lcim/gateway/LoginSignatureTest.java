package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.Signatures;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;

import static io.lcim.gateway.SessionTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code IM_LOGIN_SIGNATURE=on} (docs/protocol.md §3.1): which logins open a session and which get 4102. */
@Timeout(60)
class LoginSignatureTest extends GatewayTestBase {

  @Override
  JsonObject configOverrides() {
    return new JsonObject().put("IM_LOGIN_SIGNATURE", "on");
  }

  private static SessionCommand signedLogin(String clientId, long timestamp, String nonce, String masterKey) {
    String signature = Signatures.sign(masterKey, APP_ID + ":" + clientId + "::" + timestamp + ":" + nonce);
    return SessionCommand.newBuilder().setR(false).setUa("js/4.3.1")
      .setT(timestamp).setN(nonce).setS(signature).build();
  }

  private static String nonce() {
    return UUID.randomUUID().toString();
  }

  @Test
  void aSignedLoginOpensASessionInMillisecondsOrSeconds() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    GenericCommand opened = connect().request(TestClient.openCommand(APP_ID, tom,
      signedLogin(tom, System.currentTimeMillis(), nonce(), MASTER_KEY)));
    GenericCommand openedInSeconds = connect().request(TestClient.openCommand(APP_ID, jerry,
      signedLogin(jerry, System.currentTimeMillis() / 1000, nonce(), MASTER_KEY)));

    assertThat(opened.getOp()).isEqualTo(OpType.opened);
    assertThat(openedInSeconds.getOp()).isEqualTo(OpType.opened);
    assertThat(await(presence.online(List.of(tom, jerry)))).containsExactlyInAnyOrder(tom, jerry);
  }

  @Test
  void missingWrongStaleAndReplayedSignaturesOpenNoSession() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    long now = System.currentTimeMillis();
    TestClient client = connect();

    assertError(client.open(APP_ID, tom), ErrorCode.SIGNATURE_FAILED, 1);
    assertError(client.request(TestClient.openCommand(APP_ID, tom, signedLogin(tom, now, nonce(), "guessed"))),
      ErrorCode.SIGNATURE_FAILED, 2);
    assertError(client.request(TestClient.openCommand(APP_ID, tom, signedLogin(jerry, now, nonce(), MASTER_KEY))),
      ErrorCode.SIGNATURE_FAILED, 3);
    assertError(client.request(TestClient.openCommand(APP_ID, tom,
      signedLogin(tom, now - Signatures.VALIDITY_MILLIS - 60_000, nonce(), MASTER_KEY))),
      ErrorCode.SIGNATURE_FAILED, 4);
    SessionCommand once = signedLogin(jerry, now, nonce(), MASTER_KEY);
    assertThat(connect().request(TestClient.openCommand(APP_ID, jerry, once)).getOp()).isEqualTo(OpType.opened);
    assertError(client.request(TestClient.openCommand(APP_ID, jerry, once)), ErrorCode.SIGNATURE_FAILED, 5);

    assertError(client.request(SessionTest.conv()), ErrorCode.SESSION_REQUIRED, 6);
    assertThat(await(presence.online(List.of(tom)))).isEmpty();
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void aReconnectNeedsASessionTokenOrASignature() {
    String tom = uniqueId("Tom");
    String st = connect().request(TestClient.openCommand(APP_ID, tom,
      signedLogin(tom, System.currentTimeMillis(), nonce(), MASTER_KEY))).getSessionMessage().getSt();
    TestClient client = connect();

    GenericCommand resumed = client.request(TestClient.openCommand(APP_ID, tom,
      SessionCommand.newBuilder().setR(true).setSt(st).build()));
    assertThat(resumed.getOp()).isEqualTo(OpType.opened);

    TestClient other = connect();
    assertError(other.request(TestClient.openCommand(APP_ID, tom, SessionCommand.newBuilder().setR(true).build())),
      ErrorCode.SIGNATURE_FAILED, 1);
    assertError(other.request(SessionTest.conv()), ErrorCode.SESSION_REQUIRED, 2);
  }
}
