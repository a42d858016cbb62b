package io.lcim.gateway;

import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket protocol duties the gateway took over from Vert.x with its client sockets ({@link ClientChannel}):
 * pings, fragmented messages in both formats, and a close the client starts.
 */
@Timeout(60)
class ClientChannelTest extends GatewayTestBase {

  private static final GenericCommand ECHO = GenericCommand.newBuilder().setCmd(CommandType.echo).build();

  @Test
  void aPingIsAnsweredWithAPongCarryingTheSameData() throws Exception {
    TestClient client = loggedIn(uniqueId("Tom"));
    CompletableFuture<Buffer> pong = new CompletableFuture<>();
    client.socket().pongHandler(pong::complete);

    await(client.socket().writePing(Buffer.buffer("are you there")));

    assertThat(pong.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS).toString()).isEqualTo("are you there");
    assertThat(client.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
  }

  @Test
  void aBinaryMessageInFragmentsIsHandledAsOneCommand() {
    TestClient client = loggedIn(uniqueId("Tom"));
    byte[] echo = ECHO.toBuilder().setI(7).setPeerId("x".repeat(40)).build().toByteArray();
    int half = echo.length / 2;

    await(client.socket().writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(Arrays.copyOf(echo, half)), false)));
    await(client.socket().writeFrame(WebSocketFrame.continuationFrame(
      Buffer.buffer(Arrays.copyOfRange(echo, half, echo.length)), true)));

    assertThat(client.response(7).getCmd()).isEqualTo(CommandType.echo);
  }

  @Test
  void aTextMessageInFragmentsIsHandledAsOneCommand() {
    TestClient client = TestClient.connect(webSockets, port, "/", List.of(WireProtocol.BASE64_3.subProtocol()), true);
    String echo = Base64.getEncoder().encodeToString(ECHO.toBuilder().setI(3).build().toByteArray());

    await(client.socket().writeFrame(WebSocketFrame.textFrame(echo.substring(0, 2), false)));
    await(client.socket().writeFrame(WebSocketFrame.continuationFrame(
      Buffer.buffer(echo.substring(2), StandardCharsets.UTF_8.name()), true)));

    GenericCommand reply = client.response(3);
    assertThat(reply.getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.framesInWrongFormat()).isZero();
  }

  @Test
  void aCloseFromTheClientIsAnsweredAndEndsItsSessionsAndPresence() throws InterruptedException {
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);

    await(client.socket().close((short) 1000, "bye"));

    // The client's close completes only once the server has answered its close frame.
    assertThat(client.awaitClose()).isEqualTo((short) 1000);
    for (int attempt = 0; attempt < 40 && !await(presence.online(List.of(tom))).isEmpty(); attempt++) {
      Thread.sleep(50); // the clean-up runs right after the close
    }
    assertThat(await(presence.online(List.of(tom)))).isEmpty();
  }
}
