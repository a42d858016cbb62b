package io.lcim.bench.load;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Load on a server through the wire protocol only, as many SDK clients would put it: every client has its own
 * WebSocket ({@code lc.protobuf2.3}) and session. Modes: {@code pairs} (1:1 chat), {@code groups} (one sender per
 * group conversation), {@code sustained} (rounds of either against the same growing store), {@code sessions}
 * (logins and the server's heap per idle session). One JSON line per run or round goes to stdout, progress to
 * stderr. The server is spawned from the standalone jar ({@code --server=spawn}, default) or reached at {@code --url}.
 *
 * <p>Run: {@code java -jar bench/target/lcim-bench.jar load --mode=pairs [--clients=200] [--rate=1000]
 * [--duration=10] ...}; see BENCHMARKS.md for every option and field.
 */
public final class LoadBench {

  private LoadBench() {
  }

  public static void main(String[] args) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<JsonObject> lines;
    try (ServerTarget target = options.url() == null
      ? SpawnedServer.start(options.serverJar(), options.serverHeap(), options.appId())
      : ServerTarget.external(URI.create(options.url()), options.serverPid())) {
      // Interrupted (Ctrl-C, timeout): do not leave a spawned server and its redis-server behind.
      Thread stopServer = new Thread(target::close, "lcim-load-stop-server");
      Runtime.getRuntime().addShutdownHook(stopServer);
      lines = run(options, target, line -> System.out.println(line.encode()));
      Runtime.getRuntime().removeShutdownHook(stopServer);
    } catch (RuntimeException e) {
      System.err.println("load bench failed: " + e);
      e.printStackTrace();
      System.exit(3);
      return;
    }
    System.exit(options.failOnLoss() && lines.stream().anyMatch(LoadBench::lost) ? 1 : 0);
  }

  /** Runs the mode against {@code target}, handing each JSON line to {@code out} as soon as it is complete. */
  public static List<JsonObject> run(LoadOptions options, ServerTarget target, Consumer<JsonObject> out) {
    String runId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36
      * 36 * 36), 36).toLowerCase(Locale.ROOT);
    int sockets = options.mode().equals("sessions") ? options.sessions() : options.clients();
    List<JsonObject> lines = new ArrayList<>();
    try (ClientLoops loops = new ClientLoops(options.clientThreads(), sockets)) {
      if (options.mode().equals("sessions")) {
        lines.add(emit(new SessionsRun(options, target, loops, runId).run(), out));
      } else {
        // A sustained run's first round is its warm-up: its degradation from a cold start is part of the story.
        if (!options.mode().equals("sustained") && options.warmupSeconds() > 0) {
          JsonObject warmup = new TrafficRun(options.withDuration(options.warmupSeconds()), target, loops, 0, runId)
            .run();
          System.err.println("warm-up (not measured): " + warmup.encode());
        }
        int rounds = options.mode().equals("sustained") ? options.rounds() : 1;
        for (int round = 1; round <= rounds; round++) {
          lines.add(emit(new TrafficRun(options, target, loops, round, runId).run(), out));
        }
      }
    }
    return lines;
  }

  private static JsonObject emit(JsonObject line, Consumer<JsonObject> out) {
    out.accept(line);
    return line;
  }

  /** Anything sent and not acked, or owed and not delivered. */
  static boolean lost(JsonObject line) {
    return line.getLong("missing", 0L) > 0 || line.getJsonObject("error_kinds").containsKey("ack-timeout");
  }
}
