package io.lcim.bench.load;

import io.lcim.bench.Blocking;
import io.vertx.core.json.JsonObject;

import java.util.OptionalLong;

/**
 * {@code sessions}: opens {@code --sessions} sessions, one socket each with a distinct peer id, at
 * {@code --concurrency} logins in flight; reports the login rate and latency, then (for a server whose pid is known)
 * the server's used heap per idle session: used heap after a full GC with the sessions open, minus the same before
 * they were opened, divided by the sessions opened.
 */
final class SessionsRun {

  /** Lets the server finish what the last logins started (presence writes, unread look-ups) before the heap read. */
  private static final long SETTLE_MILLIS = 2000;

  private final LoadOptions options;
  private final ServerTarget target;
  private final ClientLoops loops;
  private final String runId;
  private final RunStats stats = new RunStats();

  SessionsRun(LoadOptions options, ServerTarget target, ClientLoops loops, String runId) {
    this.options = options;
    this.target = target;
    this.loops = loops;
    this.runId = runId;
  }

  JsonObject run() {
    OptionalLong before = heap();
    System.err.printf("sessions: opening %d sessions, %d at a time%n", options.sessions(), options.concurrency());
    CpuWindow window = CpuWindow.start(target);
    Fleet fleet = Fleet.login(loops, target.webSocketUri(), options.appId(), stats, "ls-" + runId,
      options.sessions(), options.concurrency(), (receiver, direct, now) -> stats.unexpected.increment());
    window.end();
    int opened = fleet.onlineCount();
    System.err.printf("sessions: %d open after %.1f s%n", opened, window.seconds());
    OptionalLong after = OptionalLong.empty();
    if (before.isPresent()) {
      Blocking.sleep(SETTLE_MILLIS);
      after = heap();
    }
    fleet.closeAll(Math.max(options.concurrency(), 1000));
    JsonObject line = new JsonObject()
      .put("mode", options.mode())
      .put("round", 1)
      .put("server", target.webSocketUri().toString())
      .put("clients", options.sessions())
      .put("sessions", opened)
      .put("concurrency", options.concurrency())
      .put("elapsed_s", RunStats.round(window.seconds()))
      .put("logins_per_s", RunStats.round(opened / Math.max(window.seconds(), 1e-9)))
      .put("errors", stats.errorCount())
      .put("error_kinds", stats.errorKinds());
    stats.putLoginLatency(line);
    boolean measured = before.isPresent() && after.isPresent() && opened > 0;
    line.put("heap_before_bytes", before.isPresent() ? before.getAsLong() : null)
      .put("heap_after_bytes", after.isPresent() ? after.getAsLong() : null)
      .put("heap_per_session_bytes", measured ? (after.getAsLong() - before.getAsLong()) / opened : null);
    window.put(line);
    line.put("cold_start_ms", target.coldStartMillis().isPresent() ? target.coldStartMillis().getAsLong() : null);
    return line;
  }

  private OptionalLong heap() {
    if (!options.heap() || target.pid().isEmpty()) {
      return OptionalLong.empty();
    }
    OptionalLong used = ProcessProbe.usedHeapAfterGc(target.pid().getAsLong());
    used.ifPresent(bytes -> System.err.printf("sessions: server heap used after full GC: %,d bytes%n", bytes));
    return used;
  }
}
