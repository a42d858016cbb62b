package io.lcim.message;

import io.lcim.common.ErrorCode;
import io.lcim.common.LastMessage;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogItem;
import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.PatchCommand;
import io.lcim.common.proto.PatchItem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.lcim.message.Failures.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/** Editing and recalling messages ({@code patch}, docs/protocol.md §3.18). */
@ExtendWith(VertxExtension.class)
class PatchCommandTest extends MessageServiceTestBase {

  private static final String TYPED_TEXT = "{\"_lctype\":-1,\"_lctext\":\"hello\"}";
  private static final String EDITED = "{\"_lctype\":-1,\"_lctext\":\"edited\"}";
  private static final String EDITED_AS_IMAGE = "{\"_lctype\":-2,\"_lcfile\":{\"url\":\"u\",\"objId\":\"o\"}}";


  private static Future<GenericCommand> patch(TestClient client, PatchItem.Builder item) {
    return harness.request(client.session, GenericCommand.newBuilder().setCmd(CommandType.patch).setOp(OpType.modify)
      .setPatchMessage(PatchCommand.newBuilder().addPatches(item).setLastPatchTime(1)).build());
  }

  private static PatchItem.Builder edit(String cid, GenericCommand ack, String data) {
    return PatchItem.newBuilder().setCid(cid).setMid(ack.getAckMessage().getUid())
      .setTimestamp(ack.getAckMessage().getT()).setRecall(false).setData(data).setMentionAll(false);
  }

  @Test
  void senderEditsMessageEveryOtherSessionIsToldAndHistoryShowsTheEdit(VertxTestContext test) {
    harness.conversation("c-edit", "tom1", "jerry1");
    TestClient tom = harness.client("tom1", "node-edit");
    harness.gatewayNode("node-edit", List.of("tom1", "jerry1")).compose(node -> tom.sendText("c-edit", TYPED_TEXT)
      .compose(ack -> node.next().compose(delivery -> patch(tom, edit("c-edit", ack, EDITED_AS_IMAGE)
          .addMentionPids("jerry1")))
        .compose(response -> {
          assertThat(response.getCmd()).isEqualTo(CommandType.patch);
          assertThat(response.getOp()).isEqualTo(OpType.modified);
          long patchTime = response.getPatchMessage().getLastPatchTime();
          assertThat(patchTime).isGreaterThan(ack.getAckMessage().getT());
          return node.next().map(push -> {
            assertThat(push.recipients()).containsExactlyInAnyOrder("tom1", "jerry1");
            assertThat(push.excludeSession()).isEqualTo(tom.session.sessionId());
            assertThat(push.command().getCmd()).isEqualTo(CommandType.patch);
            assertThat(push.command().getOp()).isEqualTo(OpType.modify);
            assertThat(push.command().getPatchMessage().getLastPatchTime()).isEqualTo(patchTime);
            PatchItem item = push.command().getPatchMessage().getPatches(0);
            assertThat(item.getCid()).isEqualTo("c-edit");
            assertThat(item.getMid()).isEqualTo(ack.getAckMessage().getUid());
            assertThat(item.getTimestamp()).isEqualTo(ack.getAckMessage().getT());
            assertThat(item.getFrom()).isEqualTo("tom1");
            assertThat(item.getData()).isEqualTo(EDITED_AS_IMAGE);
            assertThat(item.getPatchTimestamp()).isEqualTo(patchTime);
            assertThat(item.getMentionPidsList()).containsExactly("jerry1");
            assertThat(item.hasRecall()).isFalse();
            assertThat(item.hasMentionAll()).isFalse();
            return patchTime;
          });
        })
        .compose(patchTime -> tom.logs(LogsCommand.newBuilder().setCid("c-edit")).compose(logs -> {
          assertThat(logs).hasSize(1);
          LogItem item = logs.get(0);
          assertThat(item.getData()).isEqualTo(EDITED_AS_IMAGE);
          assertThat(item.getPatchTimestamp()).isEqualTo(patchTime);
          assertThat(item.getTimestamp()).isEqualTo(ack.getAckMessage().getT());
          assertThat(item.getMentionPidsList()).containsExactly("jerry1");
          // The type filter follows the edit: the message is an image now.
          return tom.logs(LogsCommand.newBuilder().setCid("c-edit").setLctype(-1));
        }))
        .compose(textOnly -> {
          assertThat(textOnly).isEmpty();
          return harness.storedDocument(ack.getAckMessage().getUid());
        })
        .map(doc -> {
          assertThat(doc.getInteger("lctype")).isEqualTo(-2);
          assertThat(doc.containsKey("recalled")).isFalse();
          StoredMessage stored = StoredMessage.fromDocument(doc);
          JsonObject rest = RestHistoryItems.toJson(stored, false);
          assertThat(rest.getString("data")).isEqualTo(EDITED_AS_IMAGE);
          assertThat(rest.getLong("patch-timestamp")).isEqualTo(stored.patchTimestamp());
          return null;
        })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void recallReplacesTheContentWithTheRecalledMarker(VertxTestContext test) {
    harness.conversation("c-recall", "tom2", "jerry2");
    TestClient tom = harness.client("tom2", "node-recall");
    harness.gatewayNode("node-recall", List.of("jerry2")).compose(node -> tom.send(DirectCommand.newBuilder()
        .setCid("c-recall").setMsg(TYPED_TEXT).addMentionPids("jerry2").setMentionAll(true))
      .compose(ack -> node.next().compose(delivery -> patch(tom, PatchItem.newBuilder().setCid("c-recall")
          .setMid(ack.getAckMessage().getUid()).setTimestamp(ack.getAckMessage().getT()).setRecall(true)))
        .compose(response -> node.next().map(push -> {
          assertThat(push.recipients()).containsExactly("jerry2");
          PatchItem item = push.command().getPatchMessage().getPatches(0);
          assertThat(item.getRecall()).isTrue();
          assertThat(item.getData()).isEqualTo("{\"_lctype\":-127}");
          assertThat(item.getMentionPidsList()).isEmpty();
          assertThat(item.hasMentionAll()).isFalse();
          assertThat(item.getPatchTimestamp()).isEqualTo(response.getPatchMessage().getLastPatchTime());
          return null;
        }))
        .compose(v -> tom.logs(LogsCommand.newBuilder().setCid("c-recall")))
        .compose(logs -> {
          assertThat(logs).extracting(LogItem::getData).containsExactly("{\"_lctype\":-127}");
          assertThat(logs.get(0).hasPatchTimestamp()).isTrue();
          return harness.storedDocument(ack.getAckMessage().getUid());
        })
        .map(doc -> {
          assertThat(doc.getBoolean("recalled")).isTrue();
          assertThat(doc.getInteger("lctype")).isEqualTo(-127);
          assertThat(doc.containsKey("mentionPids")).isFalse();
          assertThat(doc.containsKey("mentionAll")).isFalse();
          // conversation-service is told, so the conversation's last message shows the recall too
          assertThat(harness.lastMessages).contains(new LastMessage("c-recall", ack.getAckMessage().getUid(), "tom2",
            ack.getAckMessage().getT(), "{\"_lctype\":-127}", false));
          return null;
        })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void onlyTheSenderMayPatchAnExistingMessageOfTheirConversation(VertxTestContext test) {
    harness.conversation("c-owner", "tom3", "jerry3");
    harness.conversation("c-other", "tom3", "spike3");
    TestClient tom = harness.client("tom3", "node-owner");
    TestClient jerry = harness.client("jerry3", "node-owner");
    TestClient spike = harness.client("spike3", "node-owner");
    tom.sendText("c-owner", TYPED_TEXT).compose(ack -> {
      String id = ack.getAckMessage().getUid();
      return expectError(patch(jerry, edit("c-owner", ack, EDITED)), ErrorCode.MESSAGE_OWNERSHIP_REQUIRED)
        .compose(v -> expectError(patch(jerry, edit("c-owner", ack, EDITED).clearData().setRecall(true)),
          ErrorCode.MESSAGE_OWNERSHIP_REQUIRED))
        .compose(v -> expectError(patch(tom, edit("c-owner", ack, EDITED).setMid("no-such-message")),
          ErrorCode.MESSAGE_NOT_FOUND))
        // The id exists, but in another conversation: not found there.
        .compose(v -> expectError(patch(tom, edit("c-other", ack, EDITED)), ErrorCode.MESSAGE_NOT_FOUND))
        .compose(v -> expectError(patch(spike, edit("c-owner", ack, EDITED)), ErrorCode.INVALID_MESSAGING_TARGET))
        .compose(v -> expectError(patch(tom, edit("c-owner", ack, EDITED).clearData()),
          ErrorCode.UNPARSEABLE_RAW_MESSAGE))
        .compose(v -> expectError(harness.request(tom.session, GenericCommand.newBuilder()
          .setCmd(CommandType.patch).setOp(OpType.modify).setPatchMessage(PatchCommand.newBuilder()).build()),
          ErrorCode.UNPARSEABLE_RAW_MESSAGE))
        .compose(v -> expectError(patch(tom, edit("c-owner", ack, EDITED).clearMid()),
          ErrorCode.UNPARSEABLE_RAW_MESSAGE))
        .compose(v -> harness.storedDocument(id))
        .map(doc -> {
          assertThat(doc.getString("data")).isEqualTo(TYPED_TEXT);
          assertThat(doc.containsKey("patchTs")).isFalse();
          return null;
        });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void patchTimesOfOneServiceStrictlyIncrease(VertxTestContext test) {
    harness.conversation("c-times", "tom4", "jerry4");
    TestClient tom = harness.client("tom4", "node-times");
    tom.sendText("c-times", "one").compose(ack -> patch(tom, edit("c-times", ack, "two"))
        .compose(first -> patch(tom, edit("c-times", ack, "three")).map(second -> {
          assertThat(second.getPatchMessage().getLastPatchTime())
            .isGreaterThan(first.getPatchMessage().getLastPatchTime());
          return second.getPatchMessage().getLastPatchTime();
        }))
        .compose(newest -> tom.logs(LogsCommand.newBuilder().setCid("c-times")).map(logs -> {
          assertThat(logs.get(0).getData()).isEqualTo("three");
          assertThat(logs.get(0).getPatchTimestamp()).isEqualTo(newest);
          return null;
        })))
      .onComplete(test.succeedingThenComplete());
  }
}
