package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.PushDispatcher;
import io.lcim.common.PushEnvelope;
import io.lcim.common.ReceiptTimestamps;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogItem;
import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.RcpCommand;
import io.lcim.common.proto.ReadCommand;
import io.lcim.common.proto.ReadTuple;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivered and read receipts ({@code rcp}, docs/protocol.md §3.14) and the marks behind {@code conv/max_read}. */
@ExtendWith(VertxExtension.class)
class ReceiptTest extends MessageServiceTestBase {

  /** A second handler on the same stores, called directly where a test must know when an ack was processed. */
  private static ReceiverStateHandler receivers;

  @BeforeAll
  static void prepare() {
    receivers = new ReceiverStateHandler(new MemberStateStore(harness.mongo),
      new MembershipLookup(harness.vertx.eventBus()), harness.store,
      new PushDispatcher(harness.vertx.eventBus(), harness.presence));
  }

  /** The next receipt pushed to the node; tom's own messages also reach the node (for his other devices). */
  private static Future<PushEnvelope> nextReceipt(MessageServiceHarness.GatewayNode node) {
    return node.next().compose(push -> push.command().getCmd() == CommandType.rcp
      ? Future.succeededFuture(push)
      : nextReceipt(node));
  }

  private static GenericCommand ack(String cid, long fromTs, long toTs) {
    return GenericCommand.newBuilder().setCmd(CommandType.ack)
      .setAckMessage(AckCommand.newBuilder().setCid(cid).setFromts(fromTs).setTots(toTs)).build();
  }

  private static ReadCommand read(String cid, long timestamp) {
    return ReadCommand.newBuilder().addConvs(ReadTuple.newBuilder().setCid(cid).setTimestamp(timestamp)).build();
  }

  private static Future<ReceiptTimestamps> receiptTimestamps(String cid, String asker, List<String> others) {
    return harness.vertx.eventBus().<JsonObject>request(Addresses.MESSAGE_RECEIPT_TIMESTAMPS,
        ReceiptTimestamps.request(cid, asker, others))
      .map(reply -> ReceiptTimestamps.fromJson(reply.body()));
  }

  @Test
  void receiverAckOfAReceiptMessageTellsTheSenderOnce(VertxTestContext test) {
    harness.conversation("c-rcp", "tom1", "jerry1");
    TestClient tom = harness.client("tom1", "node-rcp");
    TestClient jerry = harness.client("jerry1", "node-rcp");
    harness.gatewayNode("node-rcp", List.of("tom1")).compose(node -> tom.sendText("c-rcp", "no receipt wanted")
      .compose(plain -> tom.send(DirectCommand.newBuilder().setCid("c-rcp").setMsg("receipt please").setR(true)
        .setMentionAll(false)).map(receipt -> List.of(plain, receipt)))
      .compose(acks -> {
        long from = acks.get(0).getAckMessage().getT();
        long to = acks.get(1).getAckMessage().getT();
        String receiptId = acks.get(1).getAckMessage().getUid();
        // As the gateway forwards it: sent, no reply.
        harness.vertx.eventBus().send(Addresses.MESSAGE_COMMAND, Commands.toBuffer(ack("c-rcp", from, to)),
          jerry.session.toDeliveryOptions());
        return nextReceipt(node).compose(push -> {
          assertThat(push.recipients()).containsExactly("tom1");
          assertThat(push.excludeSession()).isNull();
          assertThat(push.command().getCmd()).isEqualTo(CommandType.rcp);
          RcpCommand rcp = push.command().getRcpMessage();
          assertThat(rcp.getId()).isEqualTo(receiptId);
          assertThat(rcp.getCid()).isEqualTo("c-rcp");
          assertThat(rcp.getFrom()).isEqualTo("jerry1");
          assertThat(rcp.getT()).isGreaterThanOrEqualTo(to);
          assertThat(rcp.hasRead()).isFalse();
          // The same range acked again (another device, a retry) is no news; the read receipt is the next push.
          return receivers.delivered(jerry.session, ack("c-rcp", from, to).getAckMessage())
            .compose(v -> receivers.read(jerry.session, read("c-rcp", to)))
            .compose(v -> nextReceipt(node))
            .map(next -> {
              assertThat(next.command().getCmd()).isEqualTo(CommandType.rcp);
              RcpCommand readReceipt = next.command().getRcpMessage();
              assertThat(readReceipt.getRead()).isTrue();
              assertThat(readReceipt.getCid()).isEqualTo("c-rcp");
              assertThat(readReceipt.getT()).isEqualTo(to);
              assertThat(readReceipt.getFrom()).isEqualTo("jerry1");
              assertThat(node.all()).extracting(PushEnvelope::command)
                .filteredOn(command -> command.getCmd() == CommandType.rcp && !command.getRcpMessage().getRead())
                .hasSize(1);
              return to;
            });
        })
          .compose(toTs -> receiptTimestamps("c-rcp", "tom1", List.of("jerry1")).map(marks -> {
            assertThat(marks.maxAckTimestamp()).isEqualTo(toTs);
            assertThat(marks.maxReadTimestamp()).isEqualTo(toTs);
            return toTs;
          }))
          // History shows the sender that jerry has received and read up to both messages; jerry's own view of
          // tom's messages carries no receipts (they are the sender's).
          .compose(toTs -> tom.logs(LogsCommand.newBuilder().setCid("c-rcp")).map(logs -> {
            assertThat(logs).extracting(LogItem::getAckAt).containsExactly(toTs, toTs);
            assertThat(logs).extracting(LogItem::getReadAt).containsExactly(toTs, toTs);
            return null;
          }))
          .compose(v -> jerry.logs(LogsCommand.newBuilder().setCid("c-rcp")))
          .compose(jerryLogs -> {
            assertThat(jerryLogs).hasSize(2).noneMatch(LogItem::hasAckAt).noneMatch(LogItem::hasReadAt);
            // The receipt is settled: nothing is left pending, and the message itself is unchanged.
            return pendingReceipts("c-rcp");
          })
          .compose(pending -> {
            assertThat(pending).isEmpty();
            return harness.storedDocument(receiptId);
          })
          .map(doc -> {
            assertThat(doc).isNotNull();
            assertThat(doc.fieldNames()).doesNotContain("r", "ackAt");
            return null;
          });
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void onlyMembersAckAndOnlyTwoMemberConversationsGetReadReceipts(VertxTestContext test) {
    harness.conversation("c-group", "tom2", "jerry2", "spike2");
    harness.conversation("c-pair", "tom2", "jerry2");
    TestClient tom = harness.client("tom2", "node-group");
    TestClient jerry = harness.client("jerry2", "node-group");
    TestClient stranger = harness.client("stranger2", "node-group");
    harness.gatewayNode("node-group", List.of("tom2")).compose(node -> tom.send(DirectCommand.newBuilder()
        .setCid("c-group").setMsg("hi all").setR(true).setMentionAll(false))
      .compose(sent -> {
        long t = sent.getAckMessage().getT();
        // Neither a stranger's ack nor a group read tells tom anything; the pair's read receipt is the first push.
        return receivers.delivered(stranger.session, ack("c-group", t, t).getAckMessage())
          .compose(v -> receivers.read(jerry.session, read("c-group", t)))
          .compose(v -> receivers.read(jerry.session, read("c-pair", t)))
          .compose(v -> nextReceipt(node))
          .map(push -> {
            RcpCommand rcp = push.command().getRcpMessage();
            assertThat(rcp.getCid()).isEqualTo("c-pair");
            assertThat(rcp.getRead()).isTrue();
            return t;
          })
          .compose(v -> receiptTimestamps("c-group", "tom2", List.of("jerry2", "spike2")))
          .compose(marks -> {
            // jerry read the group up to t, so it was delivered to him too; the stranger's ack counts for nothing.
            assertThat(marks.maxReadTimestamp()).isEqualTo(t);
            assertThat(marks.maxAckTimestamp()).isEqualTo(t);
            return receiptTimestamps("c-group", "jerry2", List.of("spike2"));
          })
          .compose(nothingKnown -> {
            assertThat(nothingKnown).isEqualTo(new ReceiptTimestamps(0, 0));
            return tom.logs(LogsCommand.newBuilder().setCid("c-group"));
          })
          .map(groupLogs -> {
            // Group history carries no receipts: one member's marks say nothing about the others.
            assertThat(groupLogs).hasSize(1).noneMatch(LogItem::hasAckAt).noneMatch(LogItem::hasReadAt);
            return null;
          });
      }))
      .onComplete(test.succeedingThenComplete());
  }

  private static Future<List<JsonObject>> pendingReceipts(String cid) {
    return harness.mongo.find(MessageStore.PENDING_RECEIPTS, new JsonObject().put(StoredMessage.CID, cid));
  }
}
