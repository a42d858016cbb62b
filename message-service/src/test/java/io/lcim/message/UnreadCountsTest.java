package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.MembershipChange;
import io.lcim.common.ServiceRequest;
import io.lcim.common.UnreadRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.ReadCommand;
import io.lcim.common.proto.ReadTuple;
import io.lcim.common.proto.UnreadCommand;
import io.lcim.common.proto.UnreadTuple;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.lcim.message.MessageServiceHarness.block;
import static org.assertj.core.api.Assertions.assertThat;

/** Unread counts pushed at login (docs/protocol.md §3.15) and reset by {@code read} (§3.16). */
class UnreadCountsTest extends MessageServiceTestBase {

  private static final long WAIT_MILLIS = 5000;

  @Test
  void anOfflineMemberGetsTheExactCountOfOthersMessagesAndTheLastMessage() {
    harness.conversation("u-basic", "alice", "bob", "carol");
    block(client("alice").sendTexts("u-basic", 3, "from alice "));
    GenericCommand lastAck = block(client("bob").sendTexts("u-basic", 2, "from bob ")).get(1);

    UnreadCommand carols = summary("carol", null);

    assertThat(carols.getNotifTime()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5000L));
    UnreadTuple tuple = only(carols, "u-basic");
    assertThat(tuple.getUnread()).isEqualTo(5);
    assertThat(tuple.getMid()).isEqualTo(lastAck.getAckMessage().getUid());
    assertThat(tuple.getTimestamp()).isEqualTo(lastAck.getAckMessage().getT());
    assertThat(tuple.getFrom()).isEqualTo("bob");
    assertThat(tuple.getData()).isEqualTo("from bob 2");
    assertThat(tuple.hasMentioned()).isFalse();
    // Own messages never count.
    assertThat(only(summary("bob", null), "u-basic").getUnread()).isEqualTo(3);
    assertThat(only(summary("alice", null), "u-basic").getUnread()).isEqualTo(2);
  }

  @Test
  void readClearsTheCountAndOnlyLaterMessagesCountAgain() {
    harness.conversation("u-read", "alice", "bob");
    List<GenericCommand> acks = block(client("alice").sendTexts("u-read", 4, "m"));

    read("bob", "u-read", acks.get(3).getAckMessage().getT());
    awaitUnread("bob", "u-read", 0);
    block(client("alice").sendTexts("u-read", 2, "later "));

    assertThat(only(summary("bob", null), "u-read").getUnread()).isEqualTo(2);
    // A read mark never moves back: an older read changes nothing.
    read("bob", "u-read", acks.get(0).getAckMessage().getT());
    read("bob", "u-read", Long.MAX_VALUE / 2); // a client clock far ahead is clamped to now
    awaitUnread("bob", "u-read", 0);
  }

  @Test
  void countsStayExactWhileManySendersAndAReaderRaceEachOther() {
    List<String> senders = List.of("s1", "s2", "s3", "s4");
    harness.conversation("u-race", "s1", "s2", "s3", "s4", "away", "reader");
    List<Future<List<GenericCommand>>> sending = new ArrayList<>();
    for (String sender : senders) {
      sending.add(client(sender).sendTexts("u-race", 25, sender + "-"));
    }
    // The reader marks the conversation read while the messages are still coming in.
    long readMark = awaitStoredThenNow("u-race", 30);
    read("reader", "u-race", readMark);
    List<GenericCommand> acks = block(Future.all(sending)).<List<GenericCommand>>list().stream()
      .flatMap(List::stream).toList();

    assertThat(acks).hasSize(100);
    assertThat(only(summary("away", null), "u-race").getUnread()).isEqualTo(100);
    long afterMark = acks.stream().filter(ack -> ack.getAckMessage().getT() > readMark).count();
    awaitUnread("reader", "u-race", (int) afterMark);
    assertThat(only(summary("s1", null), "u-race").getUnread()).isEqualTo(75);
  }

  @Test
  void aMemberInvitedWhileOfflineSeesTheConversationAndHistoryBeforeJoiningIsNotUnread() {
    harness.conversation("u-invite", "alice", "bob");
    block(client("alice").sendTexts("u-invite", 3, "before "));
    harness.conversation("u-invite", "alice", "bob", "frank");
    notifyMembership(MembershipChange.joined("u-invite", List.of("frank"), System.currentTimeMillis(), false));

    // Listed even on a first login (no cursor): an invitation not seen yet.
    UnreadTuple invited = awaitUnread("frank", "u-invite", 0, null);
    assertThat(invited.getFrom()).isEqualTo("alice");
    block(client("alice").sendTexts("u-invite", 1, "after "));
    assertThat(only(summary("frank", null), "u-invite").getUnread()).isEqualTo(1);

    notifyMembership(MembershipChange.left("u-invite", List.of("frank"), System.currentTimeMillis() + 1));
    awaitAbsent("frank", "u-invite");
  }

  @Test
  void inANewConversationEveryMessageCountsEvenIfStampedBeforeTheCreationNoteArrives() {
    harness.conversation("u-new", "alice", "gina");
    block(client("alice").sendTexts("u-new", 2, "hi "));
    notifyMembership(MembershipChange.joined("u-new", List.of("alice", "gina"), System.currentTimeMillis(), true));

    awaitUnread("gina", "u-new", 2, null);
  }

  @Test
  void aReturningDeviceGetsOnlyWhatChangedSinceItsCursor() {
    harness.conversation("u-old", "alice", "hugo");
    harness.conversation("u-fresh", "alice", "hugo");
    long hourAgo = System.currentTimeMillis() - 3_600_000;
    storeOldMessage("u-old", "alice", hourAgo);
    block(client("alice").sendTexts("u-fresh", 1, "fresh"));

    Map<String, UnreadTuple> firstLogin = byCid(summary("hugo", null));
    Map<String, UnreadTuple> returning = byCid(summary("hugo", hourAgo + 60_000));

    assertThat(firstLogin.keySet()).contains("u-old", "u-fresh");
    assertThat(firstLogin.get("u-old").getUnread()).isEqualTo(1);
    assertThat(returning.keySet()).contains("u-fresh").doesNotContain("u-old");
    // A read on another device is news for this one: the count went to 0.
    read("hugo", "u-fresh", System.currentTimeMillis());
    awaitUnread("hugo", "u-fresh", 0, System.currentTimeMillis() - 1000);
    assertThat(byCid(summary("hugo", null))).doesNotContainKey("u-fresh");
  }

  @Test
  void mentionsTransientMessagesAndNonMembersAreHandled() {
    harness.conversation("u-mention", "alice", "ivan", "jane");
    block(client("alice").send(DirectCommand.newBuilder().setCid("u-mention").setMsg("@ivan")
      .addMentionPids("ivan").setMentionAll(false)));
    block(client("alice").send(DirectCommand.newBuilder().setCid("u-mention").setMsg("typing…")
      .setTransient(true).setMentionAll(false)));

    assertThat(only(summary("ivan", null), "u-mention").getMentioned()).isTrue();
    assertThat(only(summary("jane", null), "u-mention").hasMentioned()).isFalse();
    assertThat(only(summary("jane", null), "u-mention").getUnread()).isEqualTo(1);
    // A non-member's read is ignored: it must not create state that would list the conversation for them.
    read("mallory", "u-mention", System.currentTimeMillis());
    read("ivan", "u-mention", System.currentTimeMillis());
    awaitUnread("ivan", "u-mention", 0);
    assertThat(summary("mallory", null).getConvsCount()).isZero();
    assertThat(summary("nobody-at-all", null).getConvsCount()).isZero();
  }

  // --- helpers ---

  private static TestClient client(String clientId) {
    return harness.client(clientId, "node-unread");
  }

  private static UnreadCommand summary(String clientId, Long since) {
    Buffer reply = block(harness.vertx.eventBus().<Buffer>request(Addresses.MESSAGE_UNREAD,
      new UnreadRequest(clientId, since).toJson())).body();
    GenericCommand command = Commands.parse(reply);
    assertThat(command.getCmd()).isEqualTo(CommandType.unread);
    assertThat(command.hasPeerId()).isFalse();
    return command.getUnreadMessage();
  }

  private static UnreadTuple only(UnreadCommand unread, String cid) {
    UnreadTuple tuple = byCid(unread).get(cid);
    assertThat(tuple).as("tuple of %s in %s", cid, unread).isNotNull();
    return tuple;
  }

  private static Map<String, UnreadTuple> byCid(UnreadCommand unread) {
    return unread.getConvsList().stream().collect(Collectors.toMap(UnreadTuple::getCid, Function.identity()));
  }

  /** {@code read} is fire-and-forget, as from the SDK. */
  private static void read(String clientId, String cid, long timestamp) {
    GenericCommand read = GenericCommand.newBuilder().setCmd(CommandType.read).setReadMessage(ReadCommand.newBuilder()
      .addConvs(ReadTuple.newBuilder().setCid(cid).setTimestamp(timestamp))).build();
    harness.vertx.eventBus().send(Addresses.MESSAGE_COMMAND, Commands.toBuffer(read),
      new ServiceRequest(MessageServiceHarness.APP_ID, clientId, clientId + "-session-1", "node-unread")
        .toDeliveryOptions());
  }

  private static void notifyMembership(MembershipChange change) {
    harness.vertx.eventBus().send(Addresses.CONVERSATION_MEMBERSHIP_CHANGED, change.toJson());
  }

  /**
   * Fire-and-forget updates land a moment later: polls until the count shows, as seen by a device returning with
   * an old cursor (a first login lists only conversations with news, not those read to 0).
   */
  private static UnreadTuple awaitUnread(String clientId, String cid, int expected) {
    return awaitUnread(clientId, cid, expected, 0L);
  }

  private static UnreadTuple awaitUnread(String clientId, String cid, int expected, Long since) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    UnreadTuple tuple = byCid(summary(clientId, since)).get(cid);
    while ((tuple == null || tuple.getUnread() != expected) && System.currentTimeMillis() < deadline) {
      pause();
      tuple = byCid(summary(clientId, since)).get(cid);
    }
    assertThat(tuple).as("tuple of %s for %s", cid, clientId).isNotNull();
    assertThat(tuple.getUnread()).isEqualTo(expected);
    return tuple;
  }

  private static void awaitAbsent(String clientId, String cid) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (byCid(summary(clientId, 0L)).containsKey(cid) && System.currentTimeMillis() < deadline) {
      pause();
    }
    assertThat(byCid(summary(clientId, 0L))).doesNotContainKey(cid);
  }

  /** Waits until at least {@code stored} messages of {@code cid} are stored, then returns the time. */
  private static long awaitStoredThenNow(String cid, int stored) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (block(harness.storedCount(cid)) < stored && System.currentTimeMillis() < deadline) {
      pause();
    }
    return System.currentTimeMillis();
  }

  /** A message from an hour ago and the member state it left behind, as if stored back then. */
  private static void storeOldMessage(String cid, String from, long timestamp) {
    block(harness.store.insert(StoredMessage.text("old-" + cid, cid, from, timestamp, "old news", List.of(), false,
      null, Instant.now().plusSeconds(3600))));
    block(harness.mongo.save(MemberStateStore.COLLECTION, new JsonObject()
      .put(MemberState.ID, MemberState.id(cid, "hugo")).put(MemberState.CID, cid).put(MemberState.CLIENT_ID, "hugo")
      .put(MemberState.NOTIF_TIME, timestamp)));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
