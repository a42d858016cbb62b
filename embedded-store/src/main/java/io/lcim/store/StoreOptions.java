package io.lcim.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link IndexedH2Backend} stores its data.
 *
 * @param file             the MVStore file, or null for an in-memory store (nothing survives a shutdown)
 * @param notablescan      refuse every query that would need a collection scan, like MongoDB's server parameter
 *                         of that name (error 291 {@code NoQueryExecutionPlans})
 * @param ttlMonitorPeriod how often the TTL monitor deletes expired documents; {@link Duration#ZERO} turns it off
 * @param compress         compress the pages of the file (LZF); ignored for an in-memory store
 */
public record StoreOptions(Path file, boolean notablescan, Duration ttlMonitorPeriod, boolean compress) {

  /** MongoDB's TTL monitor runs every 60 s. */
  public static final Duration DEFAULT_TTL_MONITOR_PERIOD = Duration.ofSeconds(60);

  public StoreOptions {
    Objects.requireNonNull(ttlMonitorPeriod, "ttlMonitorPeriod");
    if (ttlMonitorPeriod.isNegative()) {
      throw new IllegalArgumentException("ttlMonitorPeriod must not be negative: " + ttlMonitorPeriod);
    }
  }

  /** An in-memory store: table scans allowed, TTL monitor every 60 s. */
  public static StoreOptions inMemory() {
    return new StoreOptions(null, false, DEFAULT_TTL_MONITOR_PERIOD, false);
  }

  /** A compressed store in {@code file} (created if missing): table scans allowed, TTL monitor every 60 s. */
  public static StoreOptions file(Path file) {
    return new StoreOptions(Objects.requireNonNull(file, "file"), false, DEFAULT_TTL_MONITOR_PERIOD, true);
  }

  public StoreOptions withNotablescan(boolean notablescan) {
    return new StoreOptions(file, notablescan, ttlMonitorPeriod, compress);
  }

  public StoreOptions withTtlMonitorPeriod(Duration period) {
    return new StoreOptions(file, notablescan, period, compress);
  }

  public StoreOptions withCompress(boolean compress) {
    return new StoreOptions(file, notablescan, ttlMonitorPeriod, compress);
  }

  public boolean inMemoryStore() {
    return file == null;
  }
}
