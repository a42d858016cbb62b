package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.MembershipChange;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every stored membership change is told to message-service (unread state, invitations seen at login). */
class MembershipEventsTest extends ConversationServiceTestBase {

  private final BlockingQueue<MembershipChange> changes = new LinkedBlockingQueue<>();

  @BeforeEach
  void captureChanges() {
    FakeGateway.await(() -> vertx.eventBus().<JsonObject>consumer(Addresses.CONVERSATION_MEMBERSHIP_CHANGED,
      message -> changes.add(MembershipChange.fromJson(message.body()))).completion());
  }

  @Test
  void creationAdditionAndRemovalAreEachToldOnce() throws InterruptedException {
    long before = System.currentTimeMillis();
    String cid = start("Tom", List.of("Jerry", "Tom"), "{\"name\":\"Tom & Jerry\"}");

    MembershipChange created = next();
    assertThat(created.cid()).isEqualTo(cid);
    assertThat(created.joined()).containsExactlyInAnyOrder("Tom", "Jerry");
    assertThat(created.left()).isEmpty();
    assertThat(created.newConversation()).isTrue();
    assertThat(created.at()).isBetween(before, System.currentTimeMillis());

    gateway.call("Tom", conv(OpType.add, ConvCommand.newBuilder().setCid(cid).addM("Mary").addM("Jerry")));
    MembershipChange added = next();
    assertThat(added.joined()).containsExactly("Mary");
    assertThat(added.newConversation()).isFalse();

    gateway.call("Mary", conv(OpType.remove, ConvCommand.newBuilder().setCid(cid).addM("Mary")));
    MembershipChange left = next();
    assertThat(left.left()).containsExactly("Mary");
    assertThat(left.joined()).isEmpty();
    assertThat(left.at()).isGreaterThanOrEqualTo(added.at());

    assertNothingMore();
  }

  @Test
  void noChangeAndChatRoomsAreNotTold() throws InterruptedException {
    String cid = start("Tom", List.of("Jerry", "Tom"), "{}");
    next();

    // Adding a member twice and removing a non-member change nothing.
    gateway.call("Tom", conv(OpType.add, ConvCommand.newBuilder().setCid(cid).addM("Jerry")));
    gateway.call("Tom", conv(OpType.remove, ConvCommand.newBuilder().setCid(cid).addM("Harry")));
    gateway.call("Tom", conv(OpType.start, ConvCommand.newBuilder().addM("Tom").setTransient(true)
      .setAttr(json("{\"name\":\"lobby\"}"))));

    assertNothingMore();
  }

  private MembershipChange next() throws InterruptedException {
    MembershipChange change = changes.poll(5, TimeUnit.SECONDS);
    assertThat(change).as("a membership change note").isNotNull();
    return change;
  }

  private void assertNothingMore() throws InterruptedException {
    assertThat(changes.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }
}
