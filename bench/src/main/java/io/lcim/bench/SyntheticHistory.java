package io.lcim.bench;

import io.lcim.message.StoredMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The messages a scenario stores, computed from their position so that cursors into them need no bookkeeping:
 * {@code conversations} conversations of {@code perConversation} messages each, interleaved in time as real traffic
 * is (message {@code i} of conversation {@code c} is the {@code i * conversations + c}-th overall), one millisecond
 * apart, ending an hour ago. Ids have the layout of {@link io.lcim.common.MessageIds}. Every
 * {@value #IMAGE_EVERY}th message of a conversation is an image ({@code _lctype -2}), the rest text ({@code -1}).
 */
record SyntheticHistory(String prefix, int conversations, int perConversation, long firstTimestamp,
                        Instant expireAt) {

  static final int IMAGE_EVERY = 10;
  static final int IMAGE_TYPE = -2;
  static final String READER = "bench-reader";
  static final List<String> MEMBERS = List.of(READER, "bench-user-0", "bench-user-1");

  static SyntheticHistory of(String prefix, int conversations, int perConversation) {
    long total = (long) conversations * perConversation;
    long first = System.currentTimeMillis() - Duration.ofHours(1).toMillis() - total;
    return new SyntheticHistory(prefix, conversations, perConversation, first,
      Instant.now().plus(Duration.ofDays(30)));
  }

  long total() {
    return (long) conversations * perConversation;
  }

  String cid(int conversation) {
    return String.format("%s-%05d", prefix, conversation);
  }

  long timestamp(int conversation, int index) {
    return firstTimestamp + (long) index * conversations + conversation;
  }

  String id(int conversation, int index) {
    return String.format("%012x%06x%06x", timestamp(conversation, index), 0, 0xbe4c);
  }

  /** The {@code n}-th message overall, in time order. */
  StoredMessage message(long n) {
    int conversation = (int) (n % conversations);
    int index = (int) (n / conversations);
    long ts = timestamp(conversation, index);
    String from = MEMBERS.get(1 + index % 2);
    String payload = index % IMAGE_EVERY == 0
      ? "{\"_lctype\":-2,\"_lctext\":\"\",\"_lcfile\":{\"objId\":\"6571f0c2e1b2a34d5e6f7081\",\"url\":"
        + "\"https://files.example.com/files/6571f0c2e1b2a34d5e6f7081/photo-" + index + ".jpg\","
        + "\"metaData\":{\"width\":1024,\"height\":768,\"size\":183211,\"format\":\"jpg\"}}}"
      : "{\"_lctype\":-1,\"_lctext\":\"bench message " + index + " in " + cid(conversation)
        + ": the quick brown fox jumps over the lazy dog\"}";
    return StoredMessage.text(id(conversation, index), cid(conversation), from, ts, payload, List.of(), false,
      null, expireAt);
  }
}
