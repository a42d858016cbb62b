package io.lcim.common;

import java.security.SecureRandom;

/**
 * Issues message ids with their server timestamps. Within one generator the timestamps never go backwards and the
 * ids sort (as strings) in issue order, so {@code (timestamp, id)} is a strict total order of a conversation's
 * messages: the order history pages by and the order a sender's acks came in. Ids from different generators
 * (service instances) differ in their node part.
 *
 * <p>Layout (24 lower-case hex chars): 12 of milliseconds, 6 of a per-millisecond counter, 6 of node randomness.
 */
public final class MessageIds {

  /** A message id and the timestamp it was issued for. */
  public record Stamped(String id, long timestamp) {
  }

  private final String node;
  private long lastMillis;
  private int counter;

  public MessageIds() {
    this(new SecureRandom().nextInt(1 << 24));
  }

  MessageIds(int node) {
    this.node = String.format("%06x", node & 0xffffff);
  }

  public synchronized Stamped next() {
    long now = System.currentTimeMillis();
    if (now > lastMillis) {
      lastMillis = now;
      counter = 0;
    } else if (++counter > 0xffffff) {
      lastMillis++;
      counter = 0;
    }
    return new Stamped(String.format("%012x%06x", lastMillis, counter) + node, lastMillis);
  }
}
