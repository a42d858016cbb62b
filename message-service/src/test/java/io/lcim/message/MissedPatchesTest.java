package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.MembershipChange;
import io.lcim.common.MissedPatchesRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.PatchCommand;
import io.lcim.common.proto.PatchItem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lcim.message.Failures.expectError;
import static io.lcim.message.MessageServiceHarness.block;
import static org.assertj.core.api.Assertions.assertThat;

/** Edits and recalls a client missed while offline, pushed at login (docs/protocol.md §3.1, §3.18). */
class MissedPatchesTest extends MessageServiceTestBase {

  private static final String EDITED = "{\"_lctype\":-1,\"_lctext\":\"edited\"}";


  @Test
  void patchesAfterTheCursorComeOldestFirstWithTheNewestPatchTime() {
    harness.conversation("mp-basic", "tom", "jerry");
    TestClient tom = harness.client("tom", "node-mp");
    List<GenericCommand> acks = block(tom.sendTexts("mp-basic", 3, "m"));
    long beforeEdits = acks.get(2).getAckMessage().getT();
    long editTime = patch(tom, "mp-basic", acks.get(0), EDITED);
    long recallTime = patch(tom, "mp-basic", acks.get(1), null);

    GenericCommand missed = missed("jerry", beforeEdits);

    assertThat(missed.getCmd()).isEqualTo(CommandType.patch);
    assertThat(missed.getOp()).isEqualTo(OpType.modify);
    assertThat(missed.hasPeerId()).isFalse();
    PatchCommand patches = missed.getPatchMessage();
    assertThat(patches.getLastPatchTime()).isEqualTo(recallTime);
    assertThat(patches.getPatchesList()).extracting(PatchItem::getMid)
      .containsExactly(acks.get(0).getAckMessage().getUid(), acks.get(1).getAckMessage().getUid());
    PatchItem edit = patches.getPatches(0);
    assertThat(edit.getCid()).isEqualTo("mp-basic");
    assertThat(edit.getFrom()).isEqualTo("tom");
    assertThat(edit.getTimestamp()).isEqualTo(acks.get(0).getAckMessage().getT());
    assertThat(edit.getData()).isEqualTo(EDITED);
    assertThat(edit.getPatchTimestamp()).isEqualTo(editTime);
    assertThat(edit.hasRecall()).isFalse();
    PatchItem recall = patches.getPatches(1);
    assertThat(recall.getRecall()).isTrue();
    assertThat(recall.getData()).isEqualTo(PatchCommandHandler.RECALLED_DATA);
    assertThat(recall.getPatchTimestamp()).isEqualTo(recallTime);
    // The cursor moves past what was seen: only newer patches, and none at all once caught up.
    assertThat(missed("jerry", editTime).getPatchMessage().getPatchesList()).extracting(PatchItem::getMid)
      .containsExactly(acks.get(1).getAckMessage().getUid());
    PatchCommand caughtUp = missed("jerry", recallTime).getPatchMessage();
    assertThat(caughtUp.getPatchesCount()).isZero();
    assertThat(caughtUp.hasLastPatchTime()).isFalse();
  }

  @Test
  void onlyConversationsTheClientIsStillAMemberOfAreListed() {
    harness.conversation("mp-stay", "tom", "spike");
    harness.conversation("mp-left", "tom", "spike");
    harness.conversation("mp-others", "tom", "tyke");
    TestClient tom = harness.client("tom", "node-mp");
    GenericCommand stay = block(tom.sendText("mp-stay", "s"));
    GenericCommand left = block(tom.sendText("mp-left", "l"));
    GenericCommand others = block(tom.sendText("mp-others", "o"));
    block(new MemberStateStore(harness.mongo).membershipChanged(
      MembershipChange.left("mp-left", List.of("spike"), System.currentTimeMillis())));
    patch(tom, "mp-stay", stay, EDITED);
    patch(tom, "mp-left", left, EDITED);
    patch(tom, "mp-others", others, EDITED);

    PatchCommand spikes = missed("spike", 0).getPatchMessage();

    assertThat(spikes.getPatchesList()).extracting(PatchItem::getCid).containsExactly("mp-stay");
    assertThat(spikes.getPatchesList()).extracting(PatchItem::getMid)
      .containsExactly(stay.getAckMessage().getUid());
  }

  @Test
  void aMalformedRequestIsAProtocolError() {
    block(expectError(harness.vertx.eventBus().request(Addresses.MESSAGE_MISSED_PATCHES,
      new JsonObject().put("clientId", "jerry")), ErrorCode.UNPARSEABLE_RAW_MESSAGE));
  }

  // --- helpers ---

  /** Edits ({@code data} set) or recalls the acknowledged message; returns the patch time. */
  private static long patch(TestClient sender, String cid, GenericCommand ack, String data) {
    PatchItem.Builder item = PatchItem.newBuilder().setCid(cid).setMid(ack.getAckMessage().getUid())
      .setTimestamp(ack.getAckMessage().getT());
    if (data == null) {
      item.setRecall(true);
    } else {
      item.setData(data);
    }
    GenericCommand modified = block(harness.request(sender.session, GenericCommand.newBuilder()
      .setCmd(CommandType.patch).setOp(OpType.modify)
      .setPatchMessage(PatchCommand.newBuilder().addPatches(item)).build()));
    return modified.getPatchMessage().getLastPatchTime();
  }

  private static GenericCommand missed(String clientId, long since) {
    Buffer reply = block(harness.vertx.eventBus().<Buffer>request(Addresses.MESSAGE_MISSED_PATCHES,
      new MissedPatchesRequest(clientId, since).toJson())).body();
    return Commands.parse(reply);
  }
}
