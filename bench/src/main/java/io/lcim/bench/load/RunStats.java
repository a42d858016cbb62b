package io.lcim.bench.load;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters and latency histograms of one run or round, shared by every client's event loop. Latencies are
 * recorded in microseconds and reported in milliseconds.
 */
final class RunStats {

  final LongAdder sent = new LongAdder();
  final LongAdder acked = new LongAdder();
  /** Sends answered with an error: the server refused them, so they are not expected to be delivered. */
  final LongAdder refused = new LongAdder();
  /** Sends that were due while the client already had {@code --max-inflight} sends unacked. */
  final LongAdder capBlocked = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  /** Deliveries of messages this round did not send (another round's, or to the sender itself). */
  final LongAdder unexpected = new LongAdder();
  final LongAdder logins = new LongAdder();
  final AtomicLong lastAckNanos = new AtomicLong();
  final AtomicLong lastDeliveryNanos = new AtomicLong();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Histogram ackMicros = new ConcurrentHistogram(3);
  private final Histogram deliverMicros = new ConcurrentHistogram(3);
  private final Histogram loginMicros = new ConcurrentHistogram(3);

  /** An error by kind: a protocol error code ({@code "4401"}), {@code "timeout"}, {@code "closed"}, ... */
  void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  void error(String kind, long count) {
    if (count > 0) {
      errors.computeIfAbsent(kind, k -> new LongAdder()).add(count);
    }
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  void acked(long latencyNanos, long nowNanos) {
    acked.increment();
    ackMicros.recordValue(Math.max(0, latencyNanos / 1000));
    lastAckNanos.accumulateAndGet(nowNanos, Math::max);
  }

  void delivered(long latencyNanos, long nowNanos) {
    delivered.increment();
    deliverMicros.recordValue(Math.max(0, latencyNanos / 1000));
    lastDeliveryNanos.accumulateAndGet(nowNanos, Math::max);
  }

  void loggedIn(long latencyNanos) {
    logins.increment();
    loginMicros.recordValue(Math.max(0, latencyNanos / 1000));
  }

  /** Error counts by kind, sorted by kind. */
  JsonObject errorKinds() {
    JsonObject kinds = new JsonObject();
    new TreeMap<>(errors).forEach((kind, count) -> kinds.put(kind, count.sum()));
    return kinds;
  }

  void putAckLatency(JsonObject line) {
    putPercentiles(line, "ack", ackMicros);
  }

  void putDeliverLatency(JsonObject line) {
    putPercentiles(line, "deliver", deliverMicros);
  }

  void putLoginLatency(JsonObject line) {
    putPercentiles(line, "login", loginMicros);
  }

  private static void putPercentiles(JsonObject line, String name, Histogram micros) {
    boolean empty = micros.getTotalCount() == 0;
    line.put(name + "_p50_ms", empty ? null : millis(micros.getValueAtPercentile(50)));
    line.put(name + "_p99_ms", empty ? null : millis(micros.getValueAtPercentile(99)));
    line.put(name + "_max_ms", empty ? null : millis(micros.getMaxValue()));
  }

  static double millis(long micros) {
    return round(micros / 1000.0);
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
