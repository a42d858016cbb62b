package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Frame size limit, and the login (4108) and idle (4107) timeouts, which one sweep per node enforces. */
@Timeout(60)
class LimitsAndTimeoutsTest extends GatewayTestBase {

  private static final GenericCommand ECHO = GenericCommand.newBuilder().setCmd(CommandType.echo).build();
  private static final long LOGIN_TIMEOUT_MILLIS = 1000;
  private static final long IDLE_TIMEOUT_MILLIS = 2000;
  /** Scheduling delays on a busy build machine, on top of the sweep period a timeout may be late by. */
  private static final long SLACK_MILLIS = 1500;

  @Override
  JsonObject configOverrides() {
    return new JsonObject()
      .put("IM_MAX_FRAME_BYTES", String.valueOf(GatewayConfig.MIN_FRAME_BYTES))
      .put("IM_LOGIN_TIMEOUT_SECONDS", String.valueOf(LOGIN_TIMEOUT_MILLIS / 1000))
      .put("IM_IDLE_TIMEOUT_SECONDS", String.valueOf(IDLE_TIMEOUT_MILLIS / 1000));
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
  void aMessageOverTheLimitInSmallFragmentsIsDroppedButTheSocketStays() {
    TestClient client = loggedIn(uniqueId("Tom"));
    Buffer fragment = Buffer.buffer(new byte[GatewayConfig.MIN_FRAME_BYTES / 2]);

    await(client.socket().writeFrame(WebSocketFrame.binaryFrame(fragment, false)));
    await(client.socket().writeFrame(WebSocketFrame.continuationFrame(fragment, false)));
    await(client.socket().writeFrame(WebSocketFrame.continuationFrame(fragment, true)));

    assertThat(client.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.isClosed()).isFalse();
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
  void aSocketThatNeverLogsInIsClosedWith4108OnTime() {
    long connecting = System.nanoTime();
    TestClient client = connect();
    long connected = System.nanoTime();

    assertThat(client.awaitClose()).isEqualTo((short) ErrorCode.LOGIN_TIMEOUT.code());
    // Never before the 1 s login timeout, at most one sweep period (plus scheduling slack) after it.
    assertThat(millisBetween(connecting, client.closedAtNanos())).isGreaterThanOrEqualTo(LOGIN_TIMEOUT_MILLIS);
    assertThat(millisBetween(connected, client.closedAtNanos()))
      .isLessThanOrEqualTo(LOGIN_TIMEOUT_MILLIS + TimeoutSweep.PERIOD_MILLIS + SLACK_MILLIS);
  }

  @Test
  void aSilentSocketIsClosedWith4107OnTimeAndItsSessionAndPresenceAreGone() throws InterruptedException {
    String tom = uniqueId("Tom");
    TestClient client = connect();
    long lastFrameSent = System.nanoTime();
    client.open(APP_ID, tom);
    long lastFrameAnswered = System.nanoTime();

    assertThat(client.awaitClose()).isEqualTo((short) ErrorCode.READ_TIMEOUT.code());
    assertThat(millisBetween(lastFrameSent, client.closedAtNanos())).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MILLIS);
    assertThat(millisBetween(lastFrameAnswered, client.closedAtNanos()))
      .isLessThanOrEqualTo(IDLE_TIMEOUT_MILLIS + TimeoutSweep.PERIOD_MILLIS + SLACK_MILLIS);
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
    long lastFrameSent = 0;

    // 3 s of activity in total, longer than the 2 s idle timeout, but never 2 s of silence; each answer shows the
    // socket was still open then.
    for (int n = 0; n < 6; n++) {
      Thread.sleep(500); // pacing, not a check
      lastFrameSent = System.nanoTime();
      assertThat(client.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    }

    // The idle clock started again with the last frame: the close comes a full timeout after it.
    assertThat(client.awaitClose()).isEqualTo((short) ErrorCode.READ_TIMEOUT.code());
    assertThat(millisBetween(lastFrameSent, client.closedAtNanos())).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MILLIS);
  }

  private static long millisBetween(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }
}
