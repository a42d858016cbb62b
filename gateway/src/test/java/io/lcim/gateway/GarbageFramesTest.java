package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;

import static io.lcim.gateway.GatewayTestBase.await;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class GarbageFramesTest extends GatewayTestBase {

  private static final GenericCommand ECHO = GenericCommand.newBuilder().setCmd(CommandType.echo).build();

  @Test
  void undecodableBinaryFrameGets4114AndTheSocketKeepsWorking() {
    TestClient client = loggedIn(uniqueId("Tom"));
    TestClient bystander = loggedIn(uniqueId("Jerry"));

    await(client.socket().writeBinaryMessage(Buffer.buffer(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff})));

    assertUnparseable(client.nextPush());
    assertThat(client.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(bystander.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void aDamagedCommandIsAnsweredWithItsSerialIdWhenThatCouldBeRead() {
    TestClient client = loggedIn(uniqueId("Tom"));
    byte[] whole = GenericCommand.newBuilder().setCmd(CommandType.direct).setI(7)
      .setDirectMessage(DirectCommand.newBuilder().setCid("c1").setMsg("hello world")).build().toByteArray();

    await(client.socket().writeBinaryMessage(Buffer.buffer(Arrays.copyOf(whole, whole.length - 4))));

    GenericCommand error = client.response(7);
    assertThat(error.getCmd()).isEqualTo(CommandType.error);
    assertThat(error.getErrorMessage().getCode()).isEqualTo(ErrorCode.UNPARSEABLE_RAW_MESSAGE.code());
  }

  @Test
  void aCommandWithoutCmdOrWithAnUnknownOneIsUnparseable() {
    TestClient client = loggedIn(uniqueId("Tom"));

    client.send(GenericCommand.newBuilder().setI(9).setPeerId("x").build());
    // Field 1 (cmd) = 99, an enum number that does not exist, then i = 10.
    await(client.socket().writeBinaryMessage(Buffer.buffer(new byte[]{0x08, 99, 0x28, 10})));

    assertThat(client.response(9).getErrorMessage().getCode()).isEqualTo(ErrorCode.UNPARSEABLE_RAW_MESSAGE.code());
    assertThat(client.response(10).getErrorMessage().getCode())
      .isEqualTo(ErrorCode.UNPARSEABLE_RAW_MESSAGE.code());
  }

  @Test
  void badBase64IsUnparseableInBothFormats() {
    TestClient binary = loggedIn(uniqueId("Tom"));
    TestClient text = TestClient.connect(webSockets, port, "/", List.of(WireProtocol.BASE64_3.subProtocol()), true);

    await(binary.socket().writeTextMessage("this is not base64!"));
    await(text.socket().writeTextMessage("%%%"));

    assertUnparseable(binary.nextPush());
    assertUnparseable(text.nextPush());
    assertThat(text.request(ECHO).getCmd()).isEqualTo(CommandType.echo);
    assertThat(text.framesInWrongFormat()).isZero();
  }

  @Test
  void aFloodOfGarbageIsAnsweredFrameByFrame() {
    TestClient client = loggedIn(uniqueId("Tom"));

    for (int n = 0; n < 300; n++) {
      client.socket().writeBinaryMessage(Buffer.buffer(new byte[]{(byte) 0xff}));
    }
    GenericCommand echo = client.request(ECHO);

    for (int n = 0; n < 300; n++) {
      assertUnparseable(client.nextPush());
    }
    assertThat(echo.getCmd()).isEqualTo(CommandType.echo);
  }

  private static void assertUnparseable(GenericCommand push) {
    assertThat(push.getCmd()).isEqualTo(CommandType.error);
    assertThat(push.hasI()).isFalse();
    assertThat(push.getErrorMessage().getCode()).isEqualTo(ErrorCode.UNPARSEABLE_RAW_MESSAGE.code());
    assertThat(push.getErrorMessage().getReason()).isEqualTo(ErrorCode.UNPARSEABLE_RAW_MESSAGE.name());
  }
}
