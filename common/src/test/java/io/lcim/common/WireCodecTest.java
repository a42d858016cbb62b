package io.lcim.common;

import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.JsonObjectMessage;
import io.lcim.common.proto.LogItem;
import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCodecTest {

  @Test
  void sessionCommandIsEncodedExplicitlyAsEnumZero() {
    GenericCommand opened = GenericCommand.newBuilder().setCmd(CommandType.session).setOp(OpType.opened).setI(1)
      .setPeerId("Tom").setSessionMessage(SessionCommand.newBuilder().setSt("token").setStTtl(86400)).build();
    byte[] bytes = opened.toByteArray();
    // field 1 (cmd), varint 0: proto2 presence keeps it on the wire, which the SDK needs (docs/protocol.md §1.3)
    assertThat(bytes[0]).isEqualTo((byte) 0x08);
    assertThat(bytes[1]).isEqualTo((byte) 0x00);
    GenericCommand back = Commands.parse(Buffer.buffer(bytes));
    assertThat(back.hasCmd()).isTrue();
    assertThat(back.getCmd()).isEqualTo(CommandType.session);
    assertThat(back).isEqualTo(opened);
  }

  @Test
  void directAndAckRoundTrip() {
    GenericCommand direct = GenericCommand.newBuilder().setCmd(CommandType.direct).setI(3)
      .setDirectMessage(DirectCommand.newBuilder().setCid("c1").setMsg("{\"_lctext\":\"耗子，起床！\",\"_lctype\":-1}")
        .setDt("uuid").setMentionAll(false))
      .build();
    assertThat(Commands.parse(Commands.toBuffer(direct))).isEqualTo(direct);

    GenericCommand ack = GenericCommand.newBuilder().setCmd(CommandType.ack).setI(3)
      .setAckMessage(AckCommand.newBuilder().setUid("m1").setT(1234L)).build();
    GenericCommand parsed = Commands.parse(Commands.toBuffer(ack));
    assertThat(parsed.getAckMessage().hasCode()).as("success acks carry no code").isFalse();
    assertThat(parsed.getAckMessage().getT()).isEqualTo(1234L);
  }

  @Test
  void negativeLctypeAndLogsRoundTrip() {
    GenericCommand logs = GenericCommand.newBuilder().setCmd(CommandType.logs).setI(9)
      .setLogsMessage(LogsCommand.newBuilder().setCid("c").setLctype(-2)
        .addLogs(LogItem.newBuilder().setMsgId("m").setFrom("Tom").setTimestamp(5).setData("x")))
      .build();
    byte[] bytes = logs.toByteArray();
    GenericCommand back = Commands.parse(Buffer.buffer(bytes));
    assertThat(back.getLogsMessage().getLctype()).isEqualTo(-2);
    assertThat(back.getLogsMessage().getDirection()).as("decode default").isEqualTo(LogsCommand.QueryDirection.OLD);
    assertThat(back.getLogsMessage().getLogs(0).getFrom()).isEqualTo("Tom");
  }

  @Test
  void base64TextFormRoundTrips() {
    GenericCommand conv = GenericCommand.newBuilder().setCmd(CommandType.conv).setOp(OpType.start).setI(2)
      .setConvMessage(ConvCommand.newBuilder().addM("Jerry").addM("Tom")
        .setAttr(JsonObjectMessage.newBuilder().setData("{\"name\":\"Tom & Jerry\"}")))
      .build();
    String text = Base64.getEncoder().encodeToString(conv.toByteArray());
    assertThat(Commands.parse(Buffer.buffer(Base64.getDecoder().decode(text)))).isEqualTo(conv);
  }

  @Test
  void errorCommandAlwaysHasRequiredFields() {
    GenericCommand error = Commands.error(ErrorCode.SESSION_REQUIRED, null);
    assertThat(error.getErrorMessage().isInitialized()).isTrue();
    assertThat(error.getErrorMessage().getCode()).isEqualTo(4105);
    assertThat(error.getErrorMessage().getReason()).isEqualTo("SESSION_REQUIRED");
    assertThat(error.getErrorMessage().hasDetail()).isFalse();
  }

  @Test
  void garbageIsRejectedNotMisread() {
    assertThatThrownBy(() -> Commands.parse(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
