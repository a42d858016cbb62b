package io.lcim.gateway;

import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.http.UpgradeRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HandshakeTest extends GatewayTestBase {

  private static final GenericCommand ECHO = GenericCommand.newBuilder().setCmd(CommandType.echo).build();

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void echoesEachSubprotocolAndAnswersInItsFormat(WireProtocol protocol) {
    TestClient client = TestClient.connect(webSockets, port, "/", List.of(protocol.subProtocol()),
      protocol.base64Text());

    assertThat(client.socket().subProtocol()).isEqualTo(protocol.subProtocol());
    GenericCommand reply = client.request(ECHO);
    assertThat(reply.getCmd()).isEqualTo(CommandType.echo);
    assertThat(reply.getI()).isEqualTo(1);
    assertThat(client.framesInWrongFormat()).isZero();
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void takesTheProtocolFromTheQueryLikeWeChatMiniPrograms(WireProtocol protocol) {
    String uri = "/?subprotocol=" + URLEncoder.encode(protocol.subProtocol(), StandardCharsets.UTF_8);
    TestClient client = TestClient.connect(webSockets, port, uri, List.of(), protocol.base64Text());

    assertThat(client.socket().subProtocol()).isNullOrEmpty();
    assertThat(client.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.framesInWrongFormat()).isZero();
  }

  @Test
  void picksTheKnownProtocolAmongSeveral() {
    TestClient client = TestClient.connect(webSockets, port, "/", List.of("lc.json.3", "lc.proto2base64.3"), true);

    assertThat(client.socket().subProtocol()).isEqualTo("lc.proto2base64.3");
    assertThat(client.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.framesInWrongFormat()).isZero();
  }

  @Test
  void noProtocolAtAllMeansBinaryProtobuf() {
    TestClient client = TestClient.connect(webSockets, port, "/", List.of(), false);

    assertThat(client.socket().subProtocol()).isNullOrEmpty();
    assertThat(client.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.framesInWrongFormat()).isZero();
  }

  @Test
  void rejectsAHandshakeAskingOnlyForUnknownProtocols() {
    Throwable failure = awaitFailure(TestClient.open(webSockets, port, "/", List.of("lc.json.3", "mqtt")));

    assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) failure).getStatus()).isEqualTo(400);
  }

  @Test
  void rejectsAnUnknownProtocolInTheQuery() {
    Throwable failure = awaitFailure(TestClient.open(webSockets, port, "/?subprotocol=lc.json.3", List.of()));

    assertThat(((UpgradeRejectedException) failure).getStatus()).isEqualTo(400);
  }

  @Test
  void rejectsWebSocketsOnOtherPaths() {
    Throwable failure = awaitFailure(TestClient.open(webSockets, port, "/other", List.of("lc.protobuf2.3")));

    assertThat(((UpgradeRejectedException) failure).getStatus()).isEqualTo(404);
  }
}
