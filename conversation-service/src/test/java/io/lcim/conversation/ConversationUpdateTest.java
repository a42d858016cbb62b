package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.ErrorCode;
import io.lcim.common.LastMessage;
import io.lcim.common.PushEnvelope;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Member-only changes ({@code conv/update}, mute), {@code count}, {@code max_read}, the last-message note from
 * message-service, and the health probe.
 */
class ConversationUpdateTest extends ConversationServiceTestBase {

  private GenericCommand update(String operator, String cid, String changes) {
    return gateway.call(operator, conv(OpType.update, ConvCommand.newBuilder().setCid(cid).setAttr(json(changes))));
  }

  @Test
  void updateMergesChangedKeysAndTellsTheOtherMembers() {
    String cid = start("Tom", List.of("Jerry", "Mary", "Tom"), "{\"name\":\"old\",\"pinned\":true,\"type\":\"a\"}");
    gateway.takePushes();
    String createdAt = queryById("Tom", cid).getString("createdAt");

    String changes = "{\"name\":\"new\",\"attr.pinned\":false,\"attr.tags\":[\"x\"],\"topic\":\"cats\"}";
    GenericCommand reply = update("Jerry", cid, changes);
    assertThat(reply.getOp()).isEqualTo(OpType.updated);
    String udate = reply.getConvMessage().getUdate();
    assertThat(Instant.parse(udate)).isAfterOrEqualTo(Instant.parse(createdAt));

    List<PushEnvelope> pushes = gateway.takePushes();
    assertThat(describe(cid, pushes)).containsExactly("Mary <- updated initBy=Jerry", "Tom <- updated initBy=Jerry");
    assertThat(new JsonObject(pushes.get(0).command().getConvMessage().getAttr().getData()))
      .isEqualTo(new JsonObject(changes));

    JsonObject stored = queryById("Tom", cid);
    assertThat(stored.getString("name")).isEqualTo("new");
    assertThat(stored.getJsonObject("attr")).isEqualTo(new JsonObject()
      .put("pinned", false).put("type", "a").put("tags", new JsonArray().add("x")));
    assertThat(stored.getString("topic")).isEqualTo("cats");
    assertThat(stored.getString("updatedAt")).isEqualTo(udate);
    assertThat(stored.getString("createdAt")).isEqualTo(createdAt);

    update("Tom", cid, "{\"attr.type\":{\"__op\":\"Delete\"},\"topic\":{\"__op\":\"Delete\"}}");
    JsonObject afterDelete = queryById("Tom", cid);
    assertThat(afterDelete.getJsonObject("attr").containsKey("type")).isFalse();
    assertThat(afterDelete.containsKey("topic")).isFalse();
  }

  @Test
  void onlyMembersMayUpdateAndServerFieldsStayOut() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{\"name\":\"keep\"}");
    gateway.takePushes();

    assertRefused(gateway.refusal("Mary", conv(OpType.update,
      ConvCommand.newBuilder().setCid(cid).setAttr(json("{\"name\":\"hijack\"}")))),
      ErrorCode.CONVERSATION_MEMBERSHIP_REQUIRED);
    assertRefused(gateway.refusal("Tom", conv(OpType.update, ConvCommand.newBuilder()
      .setCid("5f0000000000000000000000").setAttr(json("{\"name\":\"x\"}")))), ErrorCode.CONVERSATION_NOT_FOUND);
    for (String changes : List.of("{\"m\":[\"Mary\"]}", "{\"c\":\"Mary\"}", "{\"createdAt\":1}", "{\"lm\":1}",
      "{\"_id\":\"x\"}", "{\"objectId\":\"x\"}", "{\"$set\":{\"m\":[]}}", "{\"attr.$x\":1}", "{\"name\":3}",
      "{\"name.first\":\"a\"}", "{\"attr\":1}", "{\"attr\":{},\"attr.x\":1}", "{\"x\":{\"__op\":\"Increment\"}}",
      "{\"x\":{\"$inc\":1}}", "not json")) {
      assertRefused(gateway.refusal("Tom", conv(OpType.update,
        ConvCommand.newBuilder().setCid(cid).setAttr(json(changes)))), ErrorCode.CONVERSATION_UPDATE_FAILED);
    }
    assertRefused(gateway.refusal("Tom", conv(OpType.update, ConvCommand.newBuilder().setAttr(json("{}")))),
      ErrorCode.CONVERSATION_API_FAILED);

    gateway.assertNoPushes();
    JsonObject stored = queryById("Tom", cid);
    assertThat(stored.getString("name")).isEqualTo("keep");
    assertThat(stored.getJsonArray("m").getList()).containsExactly("Jerry", "Tom");
  }

  @Test
  void muteAndUnmuteChangeTheMutedList() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    GenericCommand muted = gateway.call("Jerry", conv(OpType.mute, ConvCommand.newBuilder().setCid(cid)));
    assertThat(muted.getOp()).isEqualTo(OpType.updated);
    assertThat(queryById("Tom", cid).getJsonArray("mu").getList()).containsExactly("Jerry");
    gateway.call("Jerry", conv(OpType.unmute, ConvCommand.newBuilder().setCid(cid)));
    assertThat(queryById("Tom", cid).getJsonArray("mu").getList()).isEmpty();

    assertRefused(gateway.refusal("Mary", conv(OpType.mute, ConvCommand.newBuilder().setCid(cid))),
      ErrorCode.CONVERSATION_MEMBERSHIP_REQUIRED);
  }

  @Test
  void countIsTheMemberCountOrTheOnlineCountOfAChatRoom() {
    String cid = start("Tom", List.of("Jerry", "Mary", "Tom"), "{}");
    assertThat(gateway.call("Tom", conv(OpType.count, ConvCommand.newBuilder().setCid(cid)))
      .getConvMessage().getCount()).isEqualTo(3);

    String room = gateway.call("Tom", conv(OpType.start, ConvCommand.newBuilder().addM("Tom").setTransient(true)))
      .getConvMessage().getCid();
    gateway.call("Nobody", conv(OpType.add, ConvCommand.newBuilder().setCid(room).addM("Nobody")));
    gateway.call("Jerry", conv(OpType.add, ConvCommand.newBuilder().setCid(room).addM("Jerry")));
    assertThat(queryById("Tom", room).getJsonArray("m").getList()).containsExactly("Tom", "Nobody", "Jerry");
    // Chat rooms announce nothing; "Nobody" is not online, so the count is 2.
    gateway.takePushes();
    assertThat(gateway.call("Tom", conv(OpType.count, ConvCommand.newBuilder().setCid(room)))
      .getConvMessage().getCount()).isEqualTo(2);

    assertRefused(gateway.refusal("Tom", conv(OpType.count, ConvCommand.newBuilder()
      .setCid("5f0000000000000000000000"))), ErrorCode.CONVERSATION_NOT_FOUND);
    GenericCommand maxRead = gateway.call("Tom", conv(OpType.max_read, ConvCommand.newBuilder().setCid(cid)));
    assertThat(maxRead.getConvMessage().getCid()).isEqualTo(cid);
  }

  @Test
  void lastMessageNotesOnlyEverMoveForward() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    long t = System.currentTimeMillis();
    note(new LastMessage(cid, "b-second", "Jerry", t + 10, null, false));
    note(new LastMessage(cid, "a-first", "Tom", t, null, false));          // older: ignored
    note(new LastMessage(cid, "a-same-ms", "Tom", t + 10, null, false));   // same ms, smaller id: ignored
    assertLastMessage(cid, "b-second", "Jerry", t + 10);

    note(new LastMessage(cid, "c-same-ms", "Tom", t + 10, null, false));   // same ms, larger id: newer
    assertLastMessage(cid, "c-same-ms", "Tom", t + 10);
    note(new LastMessage(cid, "d-later", "Jerry", t + 20, null, false));
    assertLastMessage(cid, "d-later", "Jerry", t + 20);

    // Unknown conversations and malformed notes change nothing and break nothing.
    note(new LastMessage("5f0000000000000000000000", "x", "Tom", t, null, false));
    String malformed = gateway.await(vertx.eventBus().request(Addresses.CONVERSATION_LAST_MESSAGE,
        new JsonObject().put("cid", cid)).map(reply -> "accepted")
      .recover(failure -> Future.succeededFuture(((ReplyException) failure).failureCode() + "")));
    assertThat(malformed).isEqualTo(String.valueOf(ErrorCode.CONVERSATION_API_FAILED.code()));
    assertLastMessage(cid, "d-later", "Jerry", t + 20);
  }

  @Test
  void aBurstOfNotesInAnyOrderEndsOnTheNewestAndEveryRequesterIsAnswered() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    long t = System.currentTimeMillis();
    List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 200).boxed().toList());
    java.util.Collections.shuffle(order, new java.util.Random(7));
    // Sent all at once: most arrive while an earlier write is in flight and are coalesced.
    List<Future<Object>> replies = new java.util.ArrayList<>();
    for (int i : order) {
      replies.add(vertx.eventBus().request(Addresses.CONVERSATION_LAST_MESSAGE,
        new LastMessage(cid, String.format("m-%03d", i), "Tom", t + i, null, false).toJson())
        .map(reply -> null));
    }
    gateway.await(Future.all(replies));
    assertLastMessage(cid, "m-199", "Tom", t + 199);
  }

  @Test
  void anEditOfTheLastMessageReplacesItsContentButAnEditOfAnOlderOneDoesNot() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    long t = System.currentTimeMillis();
    note(new LastMessage(cid, "m-old", "Tom", t, "old text", false));
    note(new LastMessage(cid, "m-last", "Tom", t + 5, "last text", false));

    note(new LastMessage(cid, "m-last", "Tom", t + 5, "{\"_lctype\":-127}", false));   // recall of the last one
    note(new LastMessage(cid, "m-old", "Tom", t, "edited old text", false));            // edit of an older one

    JsonObject result = query("Tom", ConvCommand.newBuilder().setFlag(2)
      .setWhere(json(new JsonObject().put("objectId", cid).encode()))).getJsonObject(0);
    assertThat(result.getString("msg_mid")).isEqualTo("m-last");
    assertThat(result.getLong("msg_timestamp")).isEqualTo(t + 5);
    assertThat(result.getString("msg")).isEqualTo("{\"_lctype\":-127}");
  }

  @Test
  void healthProbeReportsUp() {
    JsonObject health = gateway.await(vertx.eventBus().<JsonObject>request(Addresses.health("conversation"), null)
      .map(message -> message.body()));
    assertThat(health).isEqualTo(new JsonObject().put("status", "UP"));
  }

  private void note(LastMessage last) {
    gateway.await(vertx.eventBus().request(Addresses.CONVERSATION_LAST_MESSAGE, last.toJson()));
  }

  private void assertLastMessage(String cid, String mid, String from, long timestamp) {
    JsonObject result = query("Tom", ConvCommand.newBuilder().setFlag(2)
      .setWhere(json(new JsonObject().put("objectId", cid).encode()))).getJsonObject(0);
    assertThat(result.getString("msg_mid")).isEqualTo(mid);
    assertThat(result.getString("msg_from")).isEqualTo(from);
    assertThat(result.getLong("msg_timestamp")).isEqualTo(timestamp);
    assertThat(result.getJsonObject("lm").getString("iso")).isEqualTo(IsoDates.format(timestamp));
    assertThat(result.containsKey("msg")).isFalse();
  }
}
