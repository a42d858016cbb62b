package io.lcim.message;

import com.google.protobuf.ByteString;
import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.LastMessage;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogItem;
import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.ReadCommand;
import io.lcim.common.proto.ReadTuple;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.lcim.message.Failures.expectError;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class DirectCommandTest extends MessageServiceTestBase {

  @Test
  void sentMessageIsAckedStoredAndPushedToEveryOtherSession(VertxTestContext test) {
    harness.conversation("c-send", "alice", "bob", "carol");
    TestClient alice = harness.client("alice", "node-send");
    // bob and another device of alice are online on node-send; carol is offline.
    harness.gatewayNode("node-send", List.of("alice", "bob")).compose(node -> alice.send(DirectCommand.newBuilder()
        .setCid("c-send").setMsg("{\"_lctext\":\"hi\",\"_lctype\":-1}").setDt("client-token-1")
        .addMentionPids("bob").setMentionAll(false))
      .compose(response -> {
        assertThat(response.getCmd()).isEqualTo(CommandType.ack);
        assertThat(response.hasI()).isFalse();
        AckCommand ack = response.getAckMessage();
        assertThat(ack.hasCode()).as("an ack with code is a failure to the SDK").isFalse();
        assertThat(ack.getUid()).isNotEmpty();
        assertThat(ack.getT()).isPositive();
        return node.next().map(push -> {
          assertThat(push.recipients()).containsExactlyInAnyOrder("alice", "bob");
          assertThat(push.excludeSession()).isEqualTo(alice.session.sessionId());
          GenericCommand command = push.command();
          assertThat(command.getCmd()).isEqualTo(CommandType.direct);
          assertThat(command.hasPeerId()).isFalse();
          DirectCommand delivered = command.getDirectMessage();
          assertThat(delivered.getCid()).isEqualTo("c-send");
          assertThat(delivered.getId()).isEqualTo(ack.getUid());
          assertThat(delivered.getTimestamp()).isEqualTo(ack.getT());
          assertThat(delivered.getFromPeerId()).isEqualTo("alice");
          assertThat(delivered.getMsg()).isEqualTo("{\"_lctext\":\"hi\",\"_lctype\":-1}");
          assertThat(delivered.hasBinaryMsg()).isFalse();
          assertThat(delivered.getMentionPidsList()).containsExactly("bob");
          assertThat(delivered.hasMentionAll()).isFalse();
          assertThat(delivered.hasTransient()).isFalse();
          assertThat(delivered.hasDt()).isFalse();
          return ack;
        });
      })
      .compose(ack -> harness.storedDocument(ack.getUid()).map(doc -> {
        assertThat(doc).isNotNull();
        assertThat(doc.getString("cid")).isEqualTo("c-send");
        assertThat(doc.getString("from")).isEqualTo("alice");
        assertThat(doc.getLong("ts")).isEqualTo(ack.getT());
        assertThat(doc.getInteger("lctype")).isEqualTo(-1);
        assertThat(doc.getString("sk")).isEqualTo(DuplicateSends.sendKey("c-send", "alice", "client-token-1"))
          .hasSize(22);
        assertThat(doc.getJsonArray("mentionPids").getList()).containsExactly("bob");
        assertThat(doc.containsKey("mentionAll")).isFalse();
        assertThat(MessageStore.instant(doc.getJsonObject("expireAt")).toEpochMilli())
          .isEqualTo(ack.getT() + Duration.ofDays(30).toMillis());
        assertThat(harness.lastMessages)
          .contains(new LastMessage("c-send", ack.getUid(), "alice", ack.getT(),
            "{\"_lctext\":\"hi\",\"_lctype\":-1}", false));
        return null;
      })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void mentionAllAndTransientAreSetOnlyWhenTrueAndTransientIsNotStored(VertxTestContext test) {
    harness.conversation("c-transient", "alice", "bob");
    TestClient alice = harness.client("alice", "node-transient");
    harness.gatewayNode("node-transient", List.of("bob")).compose(node -> alice.send(DirectCommand.newBuilder()
          .setCid("c-transient").setMsg("typing…").setTransient(true).setMentionAll(true))
        .compose(response -> {
          assertThat(response.getCmd()).isEqualTo(CommandType.ack);
          assertThat(response.getAckMessage().hasCode()).isFalse();
          String id = response.getAckMessage().getUid();
          return node.next().map(push -> {
            assertThat(push.recipients()).containsExactly("bob");
            assertThat(push.command().getDirectMessage().getId()).isEqualTo(id);
            assertThat(push.command().getDirectMessage().hasTransient()).isTrue();
            assertThat(push.command().getDirectMessage().getTransient()).isTrue();
            assertThat(push.command().getDirectMessage().getMentionAll()).isTrue();
            return id;
          });
        }))
      .compose(id -> harness.storedCount("c-transient").map(count -> {
        assertThat(count).isZero();
        assertThat(harness.lastMessages).noneMatch(lm -> lm.messageId().equals(id));
        return null;
      }))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-transient")))
      .map(logs -> {
        assertThat(logs).isEmpty();
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void nonMemberIsRefusedWithInvalidMessagingTargetAndNothingIsStoredOrPushed(VertxTestContext test) {
    harness.conversation("c-members", "alice", "bob");
    TestClient mallory = harness.client("mallory", "node-members");
    TestClient alice = harness.client("alice", "node-members");
    harness.gatewayNode("node-members", List.of("alice", "bob"))
      .compose(node -> expectError(mallory.sendText("c-members", "let me in"), ErrorCode.INVALID_MESSAGING_TARGET)
        .map(message -> assertThat(message).startsWith("INVALID_MESSAGING_TARGET: ").contains("mallory"))
        .compose(v -> alice.sendText("c-members", "hello"))
        // Pushes of one sender arrive in order: had mallory's message been pushed, it would come first.
        .compose(ack -> node.next().map(push -> {
          assertThat(push.command().getDirectMessage().getId()).isEqualTo(ack.getAckMessage().getUid());
          return null;
        })))
      .compose(v -> harness.storedCount("c-members"))
      .map(count -> assertThat(count).isEqualTo(1))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void unknownConversationIsInvalidMessagingTarget(VertxTestContext test) {
    TestClient alice = harness.client("alice", "node-unknown");
    expectError(alice.sendText("c-does-not-exist", "anyone?"), ErrorCode.INVALID_MESSAGING_TARGET)
      .map(message -> assertThat(message).contains("c-does-not-exist"))
      .compose(v -> harness.storedCount("c-does-not-exist"))
      .map(count -> assertThat(count).isZero())
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void failingMembershipLookupIsAnInternalErrorAndNothingIsStored(VertxTestContext test) {
    harness.brokenConversation("c-broken");
    TestClient alice = harness.client("alice", "node-broken");
    expectError(alice.sendText("c-broken", "hello?"), ErrorCode.INTERNAL_ERROR)
      .compose(v -> expectError(alice.logs(LogsCommand.newBuilder().setCid("c-broken")), ErrorCode.INTERNAL_ERROR))
      .compose(v -> harness.storedCount("c-broken"))
      .map(count -> assertThat(count).isZero())
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void oversizedMessagesAreRefusedWithFrameTooLongAndNotStoredWhileTheLimitItselfIsAccepted(VertxTestContext test) {
    harness.conversation("c-size", "alice", "bob");
    TestClient alice = harness.client("alice", "node-size");
    String atLimit = "耗".repeat(1706) + "xx"; // 1706 × 3 + 2 = 5120 UTF-8 bytes
    String overLimit = atLimit + "x";
    assertThat(overLimit.length()).isLessThan(5120); // counted in bytes, not chars
    harness.gatewayNode("node-size", List.of("bob"))
      .compose(node -> expectError(alice.sendText("c-size", overLimit), ErrorCode.FRAME_TOO_LONG)
        .map(message -> assertThat(message).contains("5121").contains("5120"))
        .compose(v -> expectError(alice.sendBinary("c-size", new byte[5121]), ErrorCode.FRAME_TOO_LONG))
        .compose(v -> alice.sendText("c-size", atLimit))
        .compose(ack -> node.next().map(push -> {
          assertThat(push.command().getDirectMessage().getId()).isEqualTo(ack.getAckMessage().getUid());
          assertThat(push.command().getDirectMessage().getMsg()).isEqualTo(atLimit);
          return null;
        })))
      .compose(v -> harness.storedCount("c-size"))
      .map(count -> assertThat(count).isEqualTo(1))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void binaryMessageIsPushedAsBytesAndComesBackFromHistoryAsBase64(VertxTestContext test) {
    harness.conversation("c-binary", "alice", "bob");
    TestClient alice = harness.client("alice", "node-binary");
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    harness.gatewayNode("node-binary", List.of("bob"))
      .compose(node -> alice.sendBinary("c-binary", bytes).compose(ack -> node.next().map(push -> {
        DirectCommand delivered = push.command().getDirectMessage();
        assertThat(delivered.hasMsg()).isFalse();
        assertThat(delivered.getBinaryMsg().toByteArray()).isEqualTo(bytes);
        return ack.getAckMessage();
      })))
      .compose(ack -> alice.logs(LogsCommand.newBuilder().setCid("c-binary")).map(logs -> {
        assertThat(logs).hasSize(1);
        LogItem item = logs.get(0);
        assertThat(item.getMsgId()).isEqualTo(ack.getUid());
        assertThat(item.getTimestamp()).isEqualTo(ack.getT());
        assertThat(item.getBin()).isTrue();
        assertThat(Base64.getDecoder().decode(item.getData())).isEqualTo(bytes);
        return null;
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void messageWithoutOrWithBothPayloadsIsRefused(VertxTestContext test) {
    harness.conversation("c-empty", "alice", "bob");
    TestClient alice = harness.client("alice", "node-empty");
    expectError(alice.send(DirectCommand.newBuilder().setCid("c-empty")), ErrorCode.UNPARSEABLE_RAW_MESSAGE)
      .map(message -> assertThat(message).contains("msg or binaryMsg"))
      .compose(v -> expectError(alice.send(DirectCommand.newBuilder().setCid("c-empty").setMsg("a")
        .setBinaryMsg(ByteString.copyFromUtf8("b"))), ErrorCode.UNPARSEABLE_RAW_MESSAGE))
      .compose(v -> expectError(alice.send(DirectCommand.newBuilder().setMsg("no cid")),
        ErrorCode.INVALID_MESSAGING_TARGET))
      .compose(v -> harness.storedCount("c-empty"))
      .map(count -> assertThat(count).isZero())
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void malformedRequestsFailAloneAndTheServiceKeepsWorking(VertxTestContext test) {
    harness.conversation("c-garbage", "alice", "bob");
    TestClient alice = harness.client("alice", "node-garbage");
    Buffer garbage = Buffer.buffer(new byte[]{(byte) 0xff, (byte) 0xff, 0x01, 0x02});
    expectError(harness.request(garbage, alice.session.toDeliveryOptions()), ErrorCode.UNPARSEABLE_RAW_MESSAGE)
      .compose(v -> expectError(harness.request(Commands.toBuffer(GenericCommand.newBuilder()
        .setCmd(CommandType.direct).setDirectMessage(DirectCommand.newBuilder().setCid("c-garbage").setMsg("x"))
        .build()), new DeliveryOptions()), ErrorCode.INTERNAL_ERROR))
      .compose(v -> expectError(harness.request(alice.session, GenericCommand.newBuilder()
        .setCmd(CommandType.patch).build()), ErrorCode.UNPARSEABLE_RAW_MESSAGE))
      .map(message -> assertThat(message).contains("patches is empty"))
      .compose(v -> expectError(harness.request(alice.session, GenericCommand.newBuilder()
        .setCmd(CommandType.conv).build()), ErrorCode.INTERNAL_ERROR))
      .compose(v -> expectError(alice.send(DirectCommand.newBuilder().setCid("c-garbage").setMsg("bye")
        .setWill(true)), ErrorCode.INTERNAL_ERROR))
      .compose(v -> alice.sendText("c-garbage", "still here"))
      .map(response -> assertThat(response.getCmd()).isEqualTo(CommandType.ack))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void receiverAckAndReadAreAcceptedWithoutAnswer(VertxTestContext test) {
    harness.conversation("c-receipts", "alice", "bob");
    TestClient bob = harness.client("bob", "node-receipts");
    GenericCommand ack = GenericCommand.newBuilder().setCmd(CommandType.ack)
      .setAckMessage(AckCommand.newBuilder().setCid("c-receipts").setFromts(1).setTots(2)).build();
    GenericCommand read = GenericCommand.newBuilder().setCmd(CommandType.read)
      .setReadMessage(ReadCommand.newBuilder().addConvs(ReadTuple.newBuilder().setCid("c-receipts").setTimestamp(2)))
      .build();
    // These commands carry no i: the gateway sends them without expecting a reply, and none may come.
    DeliveryOptions shortWait = bob.session.toDeliveryOptions().setSendTimeout(300);
    expectNoReply(harness.request(Commands.toBuffer(ack), shortWait))
      .compose(v -> expectNoReply(harness.request(Commands.toBuffer(read), shortWait)))
      .compose(v -> bob.logs(LogsCommand.newBuilder().setCid("c-receipts")))
      .map(logs -> {
        assertThat(logs).isEmpty();
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void healthProbeAnswersUp(VertxTestContext test) {
    harness.vertx.eventBus().<JsonObject>request(Addresses.health(MessageVerticle.SERVICE_NAME), null)
      .map(reply -> assertThat(reply.body().getString("status")).isEqualTo("UP"))
      .onComplete(test.succeedingThenComplete());
  }

  private static Future<Void> expectNoReply(Future<?> request) {
    return request.transform(result -> {
      if (result.failed() && result.cause() instanceof ReplyException re
        && re.failureType() == ReplyFailure.TIMEOUT) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new AssertionError("expected no reply, got "
        + (result.succeeded() ? result.result() : result.cause())));
    });
  }
}
