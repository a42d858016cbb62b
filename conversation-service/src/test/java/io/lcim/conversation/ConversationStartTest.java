package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.ConversationMembers;
import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code conv/start} (docs/protocol.md §3.6) and the membership look-up other services use. */
class ConversationStartTest extends ConversationServiceTestBase {

  @Override
  JsonObject serviceConfig() {
    return new JsonObject().put(ConversationConfig.IM_MAX_MEMBERS, "3");
  }

  @Test
  void startStoresTheConversationAndTellsOnlyTheOtherMembers() {
    long before = System.currentTimeMillis();
    GenericCommand reply = gateway.call("Tom", conv(OpType.start, ConvCommand.newBuilder()
      .addM("Jerry").addM("Tom").setAttr(json("{\"name\":\"Tom & Jerry\",\"type\":\"private\",\"level\":3}"))));

    assertThat(reply.getOp()).isEqualTo(OpType.started);
    String cid = reply.getConvMessage().getCid();
    assertThat(cid).matches("[0-9a-f]{24}");
    String cdate = reply.getConvMessage().getCdate();
    assertThat(cdate).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(cdate).toEpochMilli()).isBetween(before, System.currentTimeMillis());
    assertThat(reply.getConvMessage().hasUniqueId()).isFalse();

    assertThat(describe(cid, gateway.takePushes())).containsExactly("Jerry <- joined initBy=Tom");

    JsonObject stored = queryById("Jerry", cid);
    assertThat(stored.getString("c")).isEqualTo("Tom");
    assertThat(stored.getJsonArray("m").getList()).containsExactly("Jerry", "Tom");
    assertThat(stored.getString("name")).isEqualTo("Tom & Jerry");
    assertThat(stored.getJsonObject("attr")).isEqualTo(new JsonObject().put("type", "private").put("level", 3));
    assertThat(stored.getBoolean("tr")).isFalse();
    assertThat(stored.getBoolean("sys")).isFalse();
    assertThat(stored.getBoolean("unique")).isFalse();
    assertThat(stored.getString("createdAt")).isEqualTo(cdate);
    assertThat(stored.getString("updatedAt")).isEqualTo(cdate);
    assertThat(stored.containsKey("lm")).isFalse();
  }

  @Test
  void creatorIsAddedWhenMissingAndDuplicatesCollapse() {
    String cid = start("Tom", List.of("Jerry", "Jerry"), "{}");
    assertThat(queryById("Tom", cid).getJsonArray("m").getList()).containsExactlyInAnyOrder("Jerry", "Tom");
    assertThat(describe(cid, gateway.takePushes())).containsExactly("Jerry <- joined initBy=Tom");
  }

  @Test
  void uniqueStartReturnsTheExistingConversationForTheSameMemberSet() {
    GenericCommand first = gateway.call("Tom", conv(OpType.start, ConvCommand.newBuilder()
      .addM("Jerry").addM("Tom").setUnique(true).setAttr(json("{\"name\":\"first\"}"))));
    String cid = first.getConvMessage().getCid();
    assertThat(first.getConvMessage().getUniqueId()).isNotEmpty();
    gateway.takePushes();

    // Jerry asks for the same member set, in another order and under another name: same conversation, no pushes.
    GenericCommand second = gateway.call("Jerry", conv(OpType.start, ConvCommand.newBuilder()
      .addM("Tom").addM("Jerry").setUnique(true).setAttr(json("{\"name\":\"second\"}"))));
    assertThat(second.getConvMessage().getCid()).isEqualTo(cid);
    assertThat(second.getConvMessage().getCdate()).isEqualTo(first.getConvMessage().getCdate());
    assertThat(second.getConvMessage().getUniqueId()).isEqualTo(first.getConvMessage().getUniqueId());
    gateway.assertNoPushes();
    assertThat(queryById("Tom", cid).getString("name")).isEqualTo("first");

    // Another member set, or a non-unique start, creates a new conversation.
    String other = start("Tom", List.of("Mary", "Tom"), "{}");
    assertThat(other).isNotEqualTo(cid);
    GenericCommand notUnique = gateway.call("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addM("Jerry").addM("Tom").setAttr(json("{}"))));
    assertThat(notUnique.getConvMessage().getCid()).isNotEqualTo(cid);
  }

  @Test
  void transientStartCreatesAChatRoomWithOnlyTheCreator() {
    GenericCommand reply = gateway.call("Tom", conv(OpType.start, ConvCommand.newBuilder()
      .addM("Tom").setTransient(true).setUnique(false).setTempConv(false).setAttr(json("{\"name\":\"lobby\"}"))));
    String cid = reply.getConvMessage().getCid();
    gateway.assertNoPushes();
    JsonObject room = queryById("Jerry", cid);
    assertThat(room.getBoolean("tr")).isTrue();
    assertThat(room.getJsonArray("m").getList()).containsExactly("Tom");
  }

  @Test
  void badStartsAreRefusedWithoutSideEffects() {
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addM("Jerry").setTempConv(true).setTempConvTTL(3600))),
      ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addM("Jerry").setAttr(json("{not json")))), ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addM("Jerry").setAttr(json("[1,2]")))), ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addM("Jerry").setAttr(json("{\"name\":7}")))), ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addM("Jerry").setAttr(json("{\"x\":{\"$gt\":1}}")))), ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addM("Jerry").addM("Mary").addM("William"))), ErrorCode.CONVERSATION_FULL);

    gateway.assertNoPushes();
    assertThat(queryWhere("Tom", "{}")).isEmpty();
  }

  @Test
  void garbageCommandsGetAProtocolError() {
    String refusal = FakeGateway.await(() -> vertx.eventBus().request(Addresses.CONVERSATION_COMMAND,
        Buffer.buffer(new byte[]{(byte) 0xff, 0x01, 0x02}),
        new ServiceRequest("app", "Tom", "s", "n").toDeliveryOptions())
      .map(reply -> "unexpected reply").recover(failure -> Future.succeededFuture(failure.getMessage())));
    assertThat(refusal).startsWith(ErrorCode.CONVERSATION_API_FAILED.name());

    assertRefused(gateway.refusal("Tom", conv(OpType.members, ConvCommand.newBuilder().setCid("x"))),
      ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", GenericCommand.newBuilder()
      .setCmd(CommandType.blacklist).setOp(OpType.block).build()), ErrorCode.CONVERSATION_API_FAILED);
  }

  @Test
  void membersLookUpAnswersForKnownAndUnknownConversations() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    ConversationMembers found = ConversationMembers.fromJson(gateway.await(
      vertx.eventBus().<JsonObject>request(Addresses.CONVERSATION_MEMBERS, ConversationMembers.request(cid))
        .map(message -> message.body())));
    assertThat(found.found()).isTrue();
    assertThat(found.cid()).isEqualTo(cid);
    assertThat(found.members()).containsExactlyInAnyOrder("Jerry", "Tom");
    assertThat(found.isMember("Jerry")).isTrue();
    assertThat(found.isMember("Mary")).isFalse();
    assertThat(found.transientConversation()).isFalse();

    ConversationMembers missing = ConversationMembers.fromJson(gateway.await(
      vertx.eventBus().<JsonObject>request(Addresses.CONVERSATION_MEMBERS,
        ConversationMembers.request("5f0000000000000000000000")).map(message -> message.body())));
    assertThat(missing.found()).isFalse();
    assertThat(missing.members()).isEmpty();

    Integer malformed = gateway.await(vertx.eventBus().request(Addresses.CONVERSATION_MEMBERS, "not a request")
      .map(reply -> 0).recover(failure -> Future.succeededFuture(((ReplyException) failure).failureCode())));
    assertThat(malformed).isEqualTo(ErrorCode.CONVERSATION_API_FAILED.code());
  }
}
