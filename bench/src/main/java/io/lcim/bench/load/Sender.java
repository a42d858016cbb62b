package io.lcim.bench.load;

/**
 * One sending client's schedule, open loop: message k is due at {@code start + phase + k * interval}, whether or not
 * earlier ones were acked. Only the in-flight cap holds a due message back (it is then counted in
 * {@link RunStats#capBlocked} and sent as soon as a slot frees, if still within the window). Touched only on the
 * client's event loop; the counters are read by the main thread while draining.
 */
final class Sender {

  final BenchClient client;
  final String cid;
  /** Members that are online to receive each message. */
  final int recipients;
  private final String tag;
  private final int maxInflight;
  private final int payloadBytes;
  private final RunStats stats;
  private long phaseNanos;
  private long intervalNanos;
  private long scheduled;
  private long startNanos;
  private long blockedUpTo;
  private volatile long sent;
  private volatile long refused;

  Sender(BenchClient client, String cid, int recipients, String tag, int maxInflight, int payloadBytes,
         RunStats stats) {
    this.client = client;
    this.cid = cid;
    this.recipients = recipients;
    this.tag = tag;
    this.maxInflight = maxInflight;
    this.payloadBytes = payloadBytes;
    this.stats = stats;
  }

  /**
   * Plans {@code ratePerSender} messages a second for {@code durationNanos} from {@code startNanos}; senders are
   * staggered by {@code phaseFraction} of an interval so that they do not all fire together.
   */
  void plan(long startNanos, long durationNanos, double ratePerSender, double phaseFraction) {
    this.startNanos = startNanos;
    intervalNanos = Math.max(1, Math.round(1e9 / ratePerSender));
    phaseNanos = Math.round(intervalNanos * phaseFraction);
    scheduled = durationNanos <= phaseNanos ? 0 : (durationNanos - phaseNanos + intervalNanos - 1) / intervalNanos;
  }

  /** Sends what is due at {@code now}. */
  void tick(long now) {
    long elapsed = now - startNanos - phaseNanos;
    if (elapsed < 0) {
      return;
    }
    long due = Math.min(scheduled, elapsed / intervalNanos + 1);
    while (sent < due) {
      if (client.inflightSends() >= maxInflight) {
        long from = Math.max(sent, blockedUpTo);
        if (due > from) {
          stats.capBlocked.add(due - from);
          blockedUpTo = due;
        }
        return;
      }
      long seq = sent;
      client.send(cid, Payload.encode(tag, client.index, seq, System.nanoTime(), payloadBytes))
        .onFailure(e -> refused++);
      sent = seq + 1;
    }
  }

  long scheduled() {
    return scheduled;
  }

  long sent() {
    return sent;
  }

  /** Deliveries owed for this sender's messages: the refused ones are not owed. */
  long expectedDeliveries() {
    return (sent - refused) * recipients;
  }
}
