package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.Signatures;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code IM_CONVERSATION_SIGNATURE=on}: signed start/add/remove work, anything else is 4302 with nothing changed. */
@Timeout(60)
class ConversationSignatureTest extends ConversationServiceTestBase {

  private static final String MASTER_KEY = "conv-test-master";

  @Override
  JsonObject serviceConfig() {
    return new JsonObject().put(ConversationConfig.IM_CONVERSATION_SIGNATURE, "on")
      .put("IM_APP_ID", FakeGateway.APP_ID).put("IM_MASTER_KEY", MASTER_KEY);
  }

  private static ConvCommand.Builder signedStart(String creator, List<String> members, long t, String key) {
    String n = UUID.randomUUID().toString();
    String s = Signatures.sign(key, Signatures.startText(FakeGateway.APP_ID, creator, members, t, n));
    return ConvCommand.newBuilder().addAllM(members).setAttr(json("{}")).setT(t).setN(n).setS(s);
  }

  private static ConvCommand.Builder signedChange(String operator, String cid, List<String> ids, String action,
                                                  long t) {
    String n = UUID.randomUUID().toString();
    String s = Signatures.sign(MASTER_KEY,
      Signatures.membershipText(FakeGateway.APP_ID, operator, cid, ids, t, n, action));
    return ConvCommand.newBuilder().setCid(cid).addAllM(ids).setT(t).setN(n).setS(s);
  }

  private String signedConversation() {
    GenericCommand started = gateway.call("Tom",
      conv(OpType.start, signedStart("Tom", List.of("Jerry", "Tom"), System.currentTimeMillis(), MASTER_KEY)));
    assertThat(started.getOp()).isEqualTo(OpType.started);
    gateway.takePushes();
    return started.getConvMessage().getCid();
  }

  private List<Object> membersOf(String cid) {
    return queryById("Tom", cid).getJsonArray("m").getList();
  }

  @Test
  void unsignedOrWronglySignedStartsCreateNothing() {
    long now = System.currentTimeMillis();
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      ConvCommand.newBuilder().addAllM(List.of("Jerry", "Tom")).setAttr(json("{}")))),
      ErrorCode.CONVERSATION_SIGNATURE_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.start, signedStart("Tom", List.of("Jerry", "Tom"), now, "x"))),
      ErrorCode.CONVERSATION_SIGNATURE_FAILED);
    // Signed for Jerry alone, sent with Mary added.
    ConvCommand.Builder widened = signedStart("Tom", List.of("Jerry", "Tom"), now, MASTER_KEY).addM("Mary");
    assertRefused(gateway.refusal("Tom", conv(OpType.start, widened)), ErrorCode.CONVERSATION_SIGNATURE_FAILED);
    assertRefused(gateway.refusal("Tom", conv(OpType.start,
      signedStart("Tom", List.of("Jerry", "Tom"), now - Signatures.VALIDITY_MILLIS - 1000, MASTER_KEY))),
      ErrorCode.CONVERSATION_SIGNATURE_FAILED);

    assertThat(queryWhere("Tom", "{\"m\":\"Tom\"}")).isEmpty();
    gateway.assertNoPushes();
  }

  @Test
  void signedStartAddAndRemoveWorkWithBothSdkGenerationsActionNames() {
    String cid = signedConversation();
    long now = System.currentTimeMillis();
    // The query the refusal test uses to show nothing was created does find a created conversation.
    assertThat(queryWhere("Tom", "{\"m\":\"Tom\"}")).hasSize(1);

    GenericCommand added = gateway.call("Tom", conv(OpType.add, signedChange("Tom", cid, List.of("Mary"), "add", now)));
    assertThat(added.getConvMessage().getAllowedPidsList()).containsExactly("Mary");
    GenericCommand invited = gateway.call("Tom",
      conv(OpType.add, signedChange("Tom", cid, List.of("William"), "invite", now / 1000)));
    assertThat(invited.getConvMessage().getAllowedPidsList()).containsExactly("William");
    gateway.call("Tom", conv(OpType.remove, signedChange("Tom", cid, List.of("Mary"), "remove", now)));
    gateway.call("Tom", conv(OpType.remove, signedChange("Tom", cid, List.of("William"), "kick", now)));
    GenericCommand joined = gateway.call("Harry",
      conv(OpType.add, signedChange("Harry", cid, List.of("Harry"), "add", now)));
    assertThat(joined.getConvMessage().getAllowedPidsList()).containsExactly("Harry");

    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Tom", "Jerry", "Harry");
  }

  @Test
  void wrongStaleReplayedOrMisusedMembershipSignaturesChangeNothingAndPushNothing() {
    String cid = signedConversation();
    long now = System.currentTimeMillis();
    ConvCommand.Builder once = signedChange("Tom", cid, List.of("Mary"), "add", now);
    gateway.call("Tom", conv(OpType.add, once));
    gateway.call("Tom", conv(OpType.remove, signedChange("Tom", cid, List.of("Mary"), "remove", now)));
    gateway.takePushes();

    List<GenericCommand> refused = List.of(
      conv(OpType.add, ConvCommand.newBuilder().setCid(cid).addM("Mary")),
      conv(OpType.add, once),
      conv(OpType.add, signedChange("Tom", cid, List.of("Mary"), "remove", now)),
      conv(OpType.add, signedChange("Tom", cid, List.of("Mary"), "add", now - Signatures.VALIDITY_MILLIS - 1000)),
      conv(OpType.add, signedChange("Tom", "another-conversation", List.of("Mary"), "add", now).setCid(cid)),
      conv(OpType.remove, signedChange("Tom", cid, List.of("Jerry"), "add", now)));
    for (GenericCommand command : refused) {
      assertRefused(gateway.refusal("Tom", command), ErrorCode.CONVERSATION_SIGNATURE_FAILED);
    }
    // Mary's own join needs her own signature: Tom's does not do.
    assertRefused(gateway.refusal("Mary", conv(OpType.add, signedChange("Tom", cid, List.of("Mary"), "add", now))),
      ErrorCode.CONVERSATION_SIGNATURE_FAILED);

    assertThat(membersOf(cid)).containsExactlyInAnyOrder("Tom", "Jerry");
    gateway.assertNoPushes();
  }
}
