package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsAndTimeoutsTest extends GatewayTestBase {

  private static final GenericCommand ECHO = GenericCommand.newBuilder().setCmd(CommandType.echo).build();

  @Override
  JsonObject configOverrides() {
    return new JsonObject()
      .put("IM_MAX_FRAME_BYTES", String.valueOf(GatewayConfig.MIN_FRAME_BYTES))
      .put("IM_LOGIN_TIMEOUT_SECONDS", "1")
      .put("IM_IDLE_TIMEOUT_SECONDS", "2");
  }

  @Test
  void anOversizedFrameClosesOnlyThatSocket() {
    TestClient offender = loggedIn(uniqueId("Tom"));
    TestClient bystander = loggedIn(uniqueId("Jerry"));

    offender.socket().writeBinaryMessage(Buffer.buffer(new byte[GatewayConfig.MIN_FRAME_BYTES * 2]));

    offender.awaitClose();
    assertThat(bystander.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(loggedIn(uniqueId("Spike")).request(ECHO).getCmd()).isEqualTo(CommandType.echo);
  }

  @Test
  void aFrameBelowTheLimitIsHandledNormally() {
    TestClient client = loggedIn(uniqueId("Tom"));
    GenericCommand bigEcho = ECHO.toBuilder()
      .setDirectMessage(DirectCommand.newBuilder().setMsg("x".repeat(GatewayConfig.MIN_FRAME_BYTES - 100))).build();

    assertThat(client.request(bigEcho).getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void aSocketThatNeverLogsInIsClosedWith4108() {
    TestClient client = connect();

    assertThat(client.awaitClose()).isEqualTo((short) ErrorCode.LOGIN_TIMEOUT.code());
  }

  @Test
  void aSilentSocketIsClosedWith4107AndItsSessionAndPresenceAreGone() throws InterruptedException {
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);

    assertThat(client.awaitClose()).isEqualTo((short) ErrorCode.READ_TIMEOUT.code());
    Set<String> online = await(presence.online(List.of(tom)));
    for (int attempt = 0; attempt < 40 && !online.isEmpty(); attempt++) {
      Thread.sleep(50); // the clean-up runs right after the close
      online = await(presence.online(List.of(tom)));
    }
    assertThat(online).isEmpty();
  }

  @Test
  void everyFrameRestartsTheIdleClock() throws InterruptedException {
    TestClient client = loggedIn(uniqueId("Tom"));

    // 3 s of activity in total, longer than the 2 s idle timeout, but never 2 s of silence.
    for (int n = 0; n < 6; n++) {
      Thread.sleep(500);
      client.request(ECHO);
    }

    assertThat(client.isClosed()).isFalse();
  }
}
