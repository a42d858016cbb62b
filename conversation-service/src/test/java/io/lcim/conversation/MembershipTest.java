package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code conv/add} and {@code conv/remove}: the seed walkthrough (docs/protocol.md §5 rows 4–25) and the refusals.
 */
class MembershipTest extends ConversationServiceTestBase {

  @Override
  JsonObject serviceConfig() {
    return new JsonObject().put(ConversationConfig.IM_MAX_MEMBERS, "4");
  }

  private GenericCommand add(String operator, String cid, String... ids) {
    return gateway.call(operator, conv(OpType.add, ConvCommand.newBuilder().setCid(cid).addAllM(List.of(ids))));
  }

  private GenericCommand remove(String operator, String cid, String... ids) {
    return gateway.call(operator, conv(OpType.remove, ConvCommand.newBuilder().setCid(cid).addAllM(List.of(ids))));
  }

  private List<Object> membersOf(String cid) {
    return queryById("Tom", cid).getJsonArray("m").getList();
  }

  @Test
  void seedWalkthroughSendsExactlyTheDocumentedPushes() {
    // Rows 4-6: Tom creates the conversation; only Jerry is told.
    String cid = start("Tom", List.of("Jerry", "Tom"), "{\"name\":\"Tom & Jerry\"}");
    assertThat(describe(cid, gateway.takePushes())).containsExactly("Jerry <- joined initBy=Tom");

    // Rows 13-16: Tom adds Mary.
    GenericCommand added = add("Tom", cid, "Mary");
    assertThat(added.getOp()).isEqualTo(OpType.added);
    assertThat(added.getConvMessage().getAllowedPidsList()).containsExactly("Mary");
    assertThat(added.getConvMessage().getFailedPidsCount()).isZero();
    assertThat(describe(cid, gateway.takePushes())).containsExactly(
      "Jerry <- members_joined initBy=Tom m=[Mary]",
      "Mary <- joined initBy=Tom",
      "Tom <- members_joined initBy=Tom m=[Mary]");
    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Jerry", "Tom", "Mary");

    // Rows 17-20: Tom removes Mary.
    GenericCommand removed = remove("Tom", cid, "Mary");
    assertThat(removed.getOp()).isEqualTo(OpType.removed);
    assertThat(removed.getConvMessage().getAllowedPidsList()).containsExactly("Mary");
    assertThat(describe(cid, gateway.takePushes())).containsExactly(
      "Jerry <- members_left initBy=Tom m=[Mary]",
      "Mary <- left initBy=Tom",
      "Tom <- members_left initBy=Tom m=[Mary]");
    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Jerry", "Tom");

    // Rows 21-23: William, not a member, fetches the conversation and joins.
    assertThat(queryById("William", cid).getString("objectId")).isEqualTo(cid);
    GenericCommand joined = add("William", cid, "William");
    assertThat(joined.getConvMessage().getAllowedPidsList()).containsExactly("William");
    assertThat(describe(cid, gateway.takePushes())).containsExactly(
      "Jerry <- members_joined initBy=William m=[William]",
      "Tom <- members_joined initBy=William m=[William]",
      "William <- members_joined initBy=William m=[William]");

    // Rows 24-25: Jerry quits.
    GenericCommand quit = remove("Jerry", cid, "Jerry");
    assertThat(quit.getConvMessage().getAllowedPidsList()).containsExactly("Jerry");
    assertThat(describe(cid, gateway.takePushes())).containsExactly(
      "Jerry <- members_left initBy=Jerry m=[Jerry]",
      "Tom <- members_left initBy=Jerry m=[Jerry]",
      "William <- members_left initBy=Jerry m=[Jerry]");
    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Tom", "William");
  }

  @Test
  void subjectsSeeTheNewMembershipAsSoonAsTheirPushArrives() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    gateway.takePushes();
    // Like the SDK, Mary resolves the conversation the moment her joined push arrives.
    Promise<JsonArray> seenByMary = Promise.promise();
    gateway.onPush(push -> {
      if (push.recipients().contains("Mary") && push.command().getOp() == OpType.joined) {
        gateway.send("Mary", conv(OpType.query, ConvCommand.newBuilder()
            .setWhere(json(new JsonObject().put("objectId", cid).encode()))))
          .map(reply -> new JsonArray(reply.getConvMessage().getResults().getData()))
          .onComplete(seenByMary);
      }
    });
    add("Tom", cid, "Mary");
    JsonArray results = gateway.await(seenByMary.future());
    assertThat(results).hasSize(1);
    assertThat(results.getJsonObject(0).getJsonArray("m").getList()).contains("Mary");
  }

  @Test
  void nonMemberMayNotAddOrRemoveOthers() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    gateway.takePushes();

    assertRefused(gateway.refusal("Mary", conv(OpType.add, ConvCommand.newBuilder().setCid(cid).addM("William"))),
      ErrorCode.CONVERSATION_MEMBERSHIP_REQUIRED);
    assertRefused(gateway.refusal("Mary", conv(OpType.add,
      ConvCommand.newBuilder().setCid(cid).addM("Mary").addM("William"))), ErrorCode.CONVERSATION_MEMBERSHIP_REQUIRED);
    assertRefused(gateway.refusal("Mary", conv(OpType.remove, ConvCommand.newBuilder().setCid(cid).addM("Jerry"))),
      ErrorCode.CONVERSATION_MEMBERSHIP_REQUIRED);

    gateway.assertNoPushes();
    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Jerry", "Tom");
  }

  @Test
  void unknownConversationIsRefused() {
    String unknown = "5f0000000000000000000000";
    assertRefused(gateway.refusal("Tom", conv(OpType.add, ConvCommand.newBuilder().setCid(unknown).addM("Tom"))),
      ErrorCode.CONVERSATION_NOT_FOUND);
    assertRefused(gateway.refusal("Tom", conv(OpType.remove, ConvCommand.newBuilder().setCid(unknown).addM("Tom"))),
      ErrorCode.CONVERSATION_NOT_FOUND);
    gateway.assertNoPushes();
  }

  @Test
  void malformedMembershipRequestsAreRefused() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    gateway.takePushes();
    assertRefused(gateway.refusal("Tom", conv(OpType.add, ConvCommand.newBuilder().addM("Mary"))),
      ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.add, ConvCommand.newBuilder().setCid(cid))),
      ErrorCode.CONVERSATION_API_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.remove, ConvCommand.newBuilder().setCid(cid).addM(""))),
      ErrorCode.CONVERSATION_API_FAILED);
    gateway.assertNoPushes();
  }

  @Test
  void nothingIsPushedWhenNothingChanges() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    gateway.takePushes();

    GenericCommand again = add("Tom", cid, "Jerry");
    assertThat(again.getConvMessage().getAllowedPidsList()).containsExactly("Jerry");
    GenericCommand notThere = remove("Tom", cid, "Mary");
    assertThat(notThere.getConvMessage().getAllowedPidsList()).containsExactly("Mary");
    GenericCommand quitTwice = remove("Mary", cid, "Mary");
    assertThat(quitTwice.getConvMessage().getAllowedPidsList()).containsExactly("Mary");

    gateway.assertNoPushes();
    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Jerry", "Tom");
  }

  @Test
  void partlyNewMembersAreAnnouncedOnlyOnce() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    gateway.takePushes();

    GenericCommand added = add("Tom", cid, "Jerry", "Mary");
    assertThat(added.getConvMessage().getAllowedPidsList()).containsExactly("Jerry", "Mary");
    assertThat(describe(cid, gateway.takePushes())).containsExactly(
      "Jerry <- members_joined initBy=Tom m=[Mary]",
      "Mary <- joined initBy=Tom",
      "Tom <- members_joined initBy=Tom m=[Mary]");
  }

  @Test
  void addingBeyondTheMemberLimitIsRefused() {
    String cid = start("Tom", List.of("Jerry", "Tom", "Mary"), "{}");
    gateway.takePushes();

    assertRefused(gateway.refusal("Tom", conv(OpType.add,
      ConvCommand.newBuilder().setCid(cid).addM("William").addM("Harry"))), ErrorCode.CONVERSATION_FULL);
    gateway.assertNoPushes();
    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Jerry", "Tom", "Mary");

    // Exactly at the limit is fine.
    assertThat(add("Tom", cid, "William").getConvMessage().getAllowedPidsList()).containsExactly("William");
    assertThat(membersOf(cid)).hasSize(4);
  }

  @Test
  void removedMemberMustRejoinBeforeAddingOthers() {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    remove("Tom", cid, "Jerry");
    gateway.takePushes();

    assertRefused(gateway.refusal("Jerry", conv(OpType.add, ConvCommand.newBuilder().setCid(cid).addM("Mary"))),
      ErrorCode.CONVERSATION_MEMBERSHIP_REQUIRED);
    add("Jerry", cid, "Jerry");
    assertThat(add("Jerry", cid, "Mary").getConvMessage().getAllowedPidsList()).containsExactly("Mary");
    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Jerry", "Tom", "Mary");
  }
}
