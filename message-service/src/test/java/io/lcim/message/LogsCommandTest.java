package io.lcim.message;

import io.lcim.common.ErrorCode;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogItem;
import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.LogsCommand.QueryDirection;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.lcim.message.Failures.expectError;
import static io.lcim.message.MessageServiceHarness.block;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class LogsCommandTest extends MessageServiceTestBase {

  private static final Instant READABLE_UNTIL = Instant.now().plus(Duration.ofDays(1));

  private static TestClient alice;

  @BeforeAll
  static void prepare() {
    alice = harness.client("alice", "node-logs");
    harness.conversation("c-range", "alice", "bob");
    List<StoredMessage> range = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      range.add(stored("c-range", "r" + i, 1000 + i, "r" + i));
    }
    for (String id : List.of("s-a", "s-b", "s-c")) {
      range.add(stored("c-range", id, 2000, id));
    }
    block(harness.store.insertAll(range));
  }

  @Test
  void sdkSeedHistoryPagesOldestFirstAndTheIteratorEndsAfterThreePages(VertxTestContext test) {
    harness.conversation("c-seed", "alice", "william");
    Future<List<GenericCommand>> sent = alice.sendTexts("c-seed", 21, "m");
    sent.compose(acks -> alice.logs(LogsCommand.newBuilder().setCid("c-seed").setL(10)).map(page -> {
      assertThat(data(page)).containsExactlyElementsOf(names("m", 12, 21));
      assertThat(page.get(9).getMsgId()).isEqualTo(acks.get(20).getAckMessage().getUid());
      assertThat(page.get(9).getTimestamp()).isEqualTo(acks.get(20).getAckMessage().getT());
      assertThat(page.get(9).getFrom()).isEqualTo("alice");
      assertThat(page.get(9).hasBin()).isFalse();
      assertThat(page.get(9).hasMentionAll()).isFalse();
      return null;
    }))
      .compose(v -> walk(LogsCommand.newBuilder().setCid("c-seed").setL(10), QueryDirection.OLD))
      .map(pages -> {
        assertThat(pages).extracting(List::size).containsExactly(10, 10, 1, 0);
        assertThat(data(pages.get(0))).containsExactlyElementsOf(names("m", 12, 21));
        assertThat(data(pages.get(1))).containsExactlyElementsOf(names("m", 2, 11));
        assertThat(data(pages.get(2))).containsExactly("m1");
        return null;
      })
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-seed")))
      .map(page -> assertThat(data(page)).as("no l means 20").containsExactlyElementsOf(names("m", 2, 21)))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void pageSizeDefaultsClampsAndEmptyPages(VertxTestContext test) {
    harness.conversation("c-big", "alice");
    List<StoredMessage> messages = IntStream.range(0, 1200)
      .mapToObj(i -> stored("c-big", String.format("big-%04d", i), 10_000 + i, "b" + i)).toList();
    harness.store.insertAll(messages)
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-big").setL(1000)))
      .map(page -> {
        assertThat(page).hasSize(1000);
        assertThat(page.get(0).getData()).isEqualTo("b200");
        assertThat(page.get(999).getData()).isEqualTo("b1199");
        return null;
      })
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-big").setL(5000)))
      .map(page -> {
        assertThat(page).as("clamped to the maximum").hasSize(1000);
        assertThat(page.get(0).getData()).isEqualTo("b200");
        return null;
      })
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-big")))
      .map(page -> assertThat(data(page)).containsExactlyElementsOf(names("b", 1180, 1199)))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-big").setL(0)))
      .map(page -> assertThat(page).as("l = 0").hasSize(0))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-big").setL(-5)))
      .map(page -> assertThat(page).as("negative l").hasSize(0))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-big").setLimit(3)))
      .map(page -> assertThat(data(page)).as("limit without l").containsExactly("b1197", "b1198", "b1199"))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-big").setL(2).setLimit(3)))
      .map(page -> assertThat(data(page)).as("l wins over limit").containsExactly("b1198", "b1199"))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void fiveHundredMessagesOfOneMillisecondPageWithoutGapOrRepeatBothWays(VertxTestContext test) {
    harness.conversation("c-same-ms", "alice");
    long ts = 1_700_000_000_000L;
    List<String> ids = new ArrayList<>(IntStream.range(0, 500).mapToObj(i -> String.format("same-%03d", i)).toList());
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(42)); // insertion order must not matter
    List<StoredMessage> messages = shuffled.stream().map(id -> stored("c-same-ms", id, ts, id)).toList();
    harness.store.insertAll(messages)
      .compose(v -> walk(LogsCommand.newBuilder().setCid("c-same-ms").setL(37), QueryDirection.OLD))
      .map(pages -> {
        assertThat(pages.get(pages.size() - 1)).isEmpty();
        List<String> seen = new ArrayList<>();
        for (List<LogItem> page : pages) {
          assertThat(page.size()).isLessThanOrEqualTo(37);
          assertThat(ids(page)).isSorted();
          seen.addAll(0, ids(page)); // older pages come later: prepend
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        return null;
      })
      .compose(v -> walk(LogsCommand.newBuilder().setCid("c-same-ms").setL(37)
        .setDirection(QueryDirection.NEW), QueryDirection.NEW))
      .map(pages -> {
        List<String> seen = new ArrayList<>();
        pages.forEach(page -> seen.addAll(ids(page)));
        assertThat(seen).containsExactlyElementsOf(ids);
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void startAndEndCursorsWithTheirIncludedFlags(VertxTestContext test) {
    range(b -> b.setT(1008).setTt(1003), "r4", "r5", "r6", "r7")
      .compose(v -> range(b -> b.setT(1008).setTIncluded(true).setTt(1003), "r4", "r5", "r6", "r7", "r8"))
      .compose(v -> range(b -> b.setT(1008).setTt(1003).setTtIncluded(true), "r3", "r4", "r5", "r6", "r7"))
      .compose(v -> range(b -> b.setT(1008).setTt(1003).setL(2), "r6", "r7"))
      .compose(v -> range(b -> b.setDirection(QueryDirection.NEW).setT(1003).setTt(1008), "r4", "r5", "r6", "r7"))
      .compose(v -> range(b -> b.setDirection(QueryDirection.NEW).setT(1003).setTIncluded(true).setTt(1008)
        .setTtIncluded(true), "r3", "r4", "r5", "r6", "r7", "r8"))
      .compose(v -> range(b -> b.setDirection(QueryDirection.NEW).setT(1003).setL(3), "r4", "r5", "r6"))
      .compose(v -> range(b -> b.setDirection(QueryDirection.NEW).setL(2), "r0", "r1"))
      .compose(v -> range(b -> b.setT(2000).setL(2), "r8", "r9"))
      .compose(v -> range(b -> b.setT(2000).setTIncluded(true).setL(2), "s-b", "s-c"))
      // Message ids position the cursors inside one millisecond.
      .compose(v -> range(b -> b.setT(2000).setMid("s-c").setL(3), "r9", "s-a", "s-b"))
      .compose(v -> range(b -> b.setT(2000).setMid("s-b").setTIncluded(true).setL(3), "r9", "s-a", "s-b"))
      .compose(v -> range(b -> b.setT(3000).setTt(2000).setTmid("s-a"), "s-b", "s-c"))
      .compose(v -> range(b -> b.setT(3000).setTt(2000).setTmid("s-a").setTtIncluded(true), "s-a", "s-b", "s-c"))
      .compose(v -> range(b -> b.setDirection(QueryDirection.NEW).setT(2000).setMid("s-a"), "s-b", "s-c"))
      .compose(v -> range(b -> b.setDirection(QueryDirection.NEW).setT(1009).setTt(2000).setTmid("s-b"), "s-a"))
      .compose(v -> range(b -> b.setDirection(QueryDirection.NEW).setT(1009).setTt(2000).setTmid("s-b")
        .setTtIncluded(true), "s-a", "s-b"))
      .compose(v -> range(b -> b.setT(1003).setTt(1008)))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void typeFilterReturnsOnlyMessagesWithThatLctype(VertxTestContext test) {
    harness.conversation("c-types", "alice", "bob");
    String image = "{\"_lctext\":\"a cat\",\"_lcfile\":{\"objId\":\"f1\",\"url\":\"http://x/cat.png\"},\"_lctype\":-2}";
    Future<Void> sent = alice.sendText("c-types", "{\"_lctext\":\"hi\",\"_lctype\":-1}")
      .compose(v -> alice.sendText("c-types", image))
      .compose(v -> alice.sendText("c-types", "plain text"))
      .compose(v -> alice.sendBinary("c-types", new byte[]{1, 2, 3}))
      .compose(v -> alice.sendText("c-types", image.replace("a cat", "a dog")))
      .compose(v -> alice.sendText("c-types", "{\"_lctype\":5,\"x\":1}"))
      .mapEmpty();
    sent.compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-types").setLctype(-2)))
      .map(page -> assertThat(data(page)).containsExactly(image, image.replace("a cat", "a dog")))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-types").setLctype(5)))
      .map(page -> assertThat(data(page)).containsExactly("{\"_lctype\":5,\"x\":1}"))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-types").setLctype(-2).setL(1)))
      .map(page -> assertThat(data(page)).as("newest image").containsExactly(image.replace("a cat", "a dog")))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-types")))
      .map(page -> assertThat(page).hasSize(6))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void onlyMembersReadHistory(VertxTestContext test) {
    TestClient william = harness.client("william", "node-logs");
    expectError(william.logs(LogsCommand.newBuilder().setCid("c-range")), ErrorCode.CONVERSATION_LOG_REJECTED)
      .map(message -> assertThat(message).contains("william"))
      .compose(v -> expectError(alice.logs(LogsCommand.newBuilder().setCid("c-nowhere")),
        ErrorCode.INVALID_MESSAGING_TARGET))
      .compose(v -> expectError(alice.logs(LogsCommand.newBuilder().setL(5)), ErrorCode.INVALID_MESSAGING_TARGET))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void expiredMessagesAreInvisibleAlthoughStillStored(VertxTestContext test) {
    harness.conversation("c-expiry", "alice");
    Instant past = Instant.now().minusSeconds(1);
    List<StoredMessage> messages = List.of(
      stored("c-expiry", "e1", 5000, "kept-1"),
      new StoredMessage("e2", "c-expiry", "alice", 5001, "expired", false, null, List.of(), false, null, null, past),
      stored("c-expiry", "e3", 5002, "kept-3"));
    harness.store.insertAll(messages)
      .compose(v -> harness.storedCount("c-expiry"))
      .map(count -> assertThat(count).isEqualTo(3))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-expiry")))
      .map(page -> assertThat(data(page)).containsExactly("kept-1", "kept-3"))
      .compose(v -> alice.logs(LogsCommand.newBuilder().setCid("c-expiry").setT(5002).setL(1)))
      .map(page -> assertThat(data(page)).containsExactly("kept-1"))
      .onComplete(test.succeedingThenComplete());
  }

  /** Asserts that a {@code c-range} query returns exactly these ids, oldest first. */
  private static Future<Void> range(java.util.function.UnaryOperator<LogsCommand.Builder> query, String... expected) {
    LogsCommand.Builder request = query.apply(LogsCommand.newBuilder().setCid("c-range"));
    return alice.logs(request).map(page -> {
      assertThat(ids(page)).as("%s", request.build()).containsExactly(expected);
      return null;
    });
  }

  /**
   * Pages through history like the SDK's iterator: the next cursor is the oldest item (OLD) or the newest (NEW) of
   * the previous page, exclusive. Stops at the first empty page, which is part of the result.
   */
  private static Future<List<List<LogItem>>> walk(LogsCommand.Builder first, QueryDirection direction) {
    List<List<LogItem>> pages = new ArrayList<>();
    return nextPage(first, direction, pages).map(v -> pages);
  }

  private static Future<Void> nextPage(LogsCommand.Builder request, QueryDirection direction,
                                       List<List<LogItem>> pages) {
    if (pages.size() > 600) {
      return Future.failedFuture(new AssertionError("history paging does not end"));
    }
    return alice.logs(request).compose(page -> {
      pages.add(page);
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      LogItem cursor = direction == QueryDirection.NEW ? page.get(page.size() - 1) : page.get(0);
      return nextPage(request.clone().setT(cursor.getTimestamp()).setMid(cursor.getMsgId()), direction, pages);
    });
  }

  private static StoredMessage stored(String cid, String id, long ts, String data) {
    return StoredMessage.text(id, cid, "alice", ts, data, List.of(), false, null, READABLE_UNTIL);
  }

  private static List<String> data(List<LogItem> page) {
    return page.stream().map(LogItem::getData).toList();
  }

  private static List<String> ids(List<LogItem> page) {
    return page.stream().map(LogItem::getMsgId).toList();
  }

  private static List<String> names(String prefix, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(n -> prefix + n).toList();
  }
}
