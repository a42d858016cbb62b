package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.ReceiptTimestamps;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code conv/max_read} (docs/protocol.md §3.10): the receipt marks come from message-service. */
class MaxReadTest extends ConversationServiceTestBase {

  private GenericCommand maxRead(String clientId, String cid) {
    return gateway.call(clientId, conv(OpType.max_read, ConvCommand.newBuilder().setCid(cid)));
  }

  @Test
  void membersGetTheOtherMembersMarksFromMessageService() {
    List<JsonObject> asked = new CopyOnWriteArrayList<>();
    FakeGateway.await(() -> vertx.eventBus().<JsonObject>consumer(Addresses.MESSAGE_RECEIPT_TIMESTAMPS, request -> {
      asked.add(request.body());
      request.reply(new ReceiptTimestamps(200, 100).toJson());
    }).completion());
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");

    ConvCommand answer = maxRead("Tom", cid).getConvMessage();
    assertThat(answer.getCid()).isEqualTo(cid);
    assertThat(answer.getMaxAckTimestamp()).isEqualTo(200);
    assertThat(answer.getMaxReadTimestamp()).isEqualTo(100);
    assertThat(asked).hasSize(1);
    assertThat(ReceiptTimestamps.requestedCid(asked.get(0))).isEqualTo(cid);
    assertThat(ReceiptTimestamps.requestedOthers(asked.get(0))).containsExactly("Jerry");

    // A non-member learns nothing, and message-service is not even asked.
    ConvCommand outsider = maxRead("Mary", cid).getConvMessage();
    assertThat(outsider.hasMaxAckTimestamp()).isFalse();
    assertThat(outsider.hasMaxReadTimestamp()).isFalse();
    assertThat(asked).hasSize(1);
  }

  @Test
  void withoutMessageServiceTheMarksAreLeftOut() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    ConvCommand answer = maxRead("Tom", cid).getConvMessage();
    assertThat(answer.getCid()).isEqualTo(cid);
    assertThat(answer.hasMaxAckTimestamp()).isFalse();
    assertThat(answer.hasMaxReadTimestamp()).isFalse();
  }
}
