package io.lcim.bench.load;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one load-bench run does, from {@code --name=value} arguments (a bare {@code --flag} means {@code =true}).
 *
 * @param mode           {@code pairs}, {@code groups}, {@code sustained} or {@code sessions}
 * @param clients        clients (sockets) of a pairs or groups run; groups are {@code clients / groupSize}
 * @param groupSize      members of each group conversation
 * @param rate           aggregate target send rate, messages per second over all senders
 * @param durationSeconds how long the senders send
 * @param warmupSeconds  pairs and groups: an unmeasured round this long first (JIT, caches), its line on stderr
 * @param rounds         rounds of a sustained run
 * @param sustainedMode  what each sustained round runs: {@code pairs} or {@code groups}
 * @param sessions       sessions opened by a sessions run (one socket each)
 * @param concurrency    logins (and socket opens) in flight at once
 * @param maxInflight    sends awaiting their ack per client; a due send beyond it waits and is counted
 * @param clientThreads  event loops the bench's clients are spread over
 * @param bothDirections pairs: both members send (half the rate each), else only the first of each pair
 * @param drainSeconds   after the last send: how long to wait at most for outstanding acks and deliveries
 * @param payloadBytes   size of each message's {@code msg} JSON
 * @param url            {@code ws://host:port/} of a running server, or null to spawn one
 * @param serverPid      pid of the server at {@code url} (same machine), for its CPU and heap; 0 when unknown
 * @param serverJar      the standalone jar to spawn
 * @param serverHeap     {@code -Xmx} of the spawned server
 * @param appId          app id sent with {@code session/open}
 * @param heap           sessions: measure the server's heap per session (needs a pid and {@code jcmd})
 * @param failOnLoss     exit 1 when a message was lost, unacked, refused or delivered twice
 */
public record LoadOptions(String mode, int clients, int groupSize, double rate, int durationSeconds,
                          int warmupSeconds, int rounds,
                          String sustainedMode, int sessions, int concurrency, int maxInflight, int clientThreads,
                          boolean bothDirections, int drainSeconds, int payloadBytes, String url, long serverPid,
                          String serverJar, String serverHeap, String appId, boolean heap, boolean failOnLoss) {

  static final Set<String> MODES = Set.of("pairs", "groups", "sustained", "sessions");

  static final Map<String, String> DEFAULTS = Map.ofEntries(
    Map.entry("mode", "pairs"),
    Map.entry("clients", "200"),
    Map.entry("group-size", "50"),
    Map.entry("rate", ""),
    Map.entry("duration", "10"),
    Map.entry("warmup", "3"),
    Map.entry("rounds", "8"),
    Map.entry("sustained-mode", "pairs"),
    Map.entry("sessions", "20000"),
    Map.entry("concurrency", "200"),
    Map.entry("max-inflight", "100"),
    Map.entry("client-threads", "4"),
    Map.entry("both-directions", "true"),
    Map.entry("drain", "5"),
    Map.entry("payload-bytes", "100"),
    Map.entry("url", ""),
    Map.entry("server", "spawn"),
    Map.entry("server-pid", "0"),
    Map.entry("server-jar", "standalone/target/im-standalone.jar"),
    Map.entry("server-heap", "1g"),
    Map.entry("app-id", "lcim-dev-app"),
    Map.entry("heap", "true"),
    Map.entry("fail-on-loss", "false"));

  public LoadOptions {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("--mode must be one of " + MODES + ", got " + mode);
    }
    if (!sustainedMode.equals("pairs") && !sustainedMode.equals("groups")) {
      throw new IllegalArgumentException("--sustained-mode must be pairs or groups");
    }
    if (clients < 2 || groupSize < 2 || rate <= 0 || durationSeconds <= 0 || warmupSeconds < 0 || rounds <= 0
      || sessions <= 0 || concurrency <= 0 || maxInflight <= 0 || clientThreads <= 0 || drainSeconds < 0
      || payloadBytes < 60) {
      throw new IllegalArgumentException("sizes must be positive (clients and group size at least 2, "
        + "payload at least 60 bytes)");
    }
  }

  /** The same run, sending for {@code seconds} instead. */
  LoadOptions withDuration(int seconds) {
    return new LoadOptions(mode, clients, groupSize, rate, seconds, warmupSeconds, rounds, sustainedMode, sessions,
      concurrency, maxInflight, clientThreads, bothDirections, drainSeconds, payloadBytes, url, serverPid, serverJar,
      serverHeap, appId, heap, failOnLoss);
  }

  /** The mode a traffic round runs: the sustained mode's round type, else the mode itself. */
  String trafficMode() {
    return mode.equals("sustained") ? sustainedMode : mode;
  }

  public static LoadOptions parse(String... args) {
    Map<String, String> values = new TreeMap<>(DEFAULTS);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") ? arg.substring(2, eq < 0 ? arg.length() : eq) : null;
      if (name == null || !DEFAULTS.containsKey(name)) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; options: " + DEFAULTS.keySet()
          + " as --name=value");
      }
      values.put(name, eq < 0 ? "true" : arg.substring(eq + 1));
    }
    String mode = values.get("mode");
    String url = values.get("url").isEmpty() ? null : values.get("url");
    if (url == null && !values.get("server").equals("spawn")) {
      throw new IllegalArgumentException("--server=spawn, or give --url=ws://host:port/");
    }
    // The defaults of the brief: 1:1 chat at 1,000 msg/s, groups at 100 msg/s.
    String trafficMode = mode.equals("sustained") ? values.get("sustained-mode") : mode;
    double rate = values.get("rate").isEmpty() ? (trafficMode.equals("groups") ? 100 : 1000)
      : Double.parseDouble(values.get("rate"));
    return new LoadOptions(mode, number(values, "clients"), number(values, "group-size"), rate,
      number(values, "duration"), number(values, "warmup"), number(values, "rounds"), values.get("sustained-mode"),
      number(values, "sessions"), number(values, "concurrency"), number(values, "max-inflight"),
      number(values, "client-threads"), bool(values, "both-directions"), number(values, "drain"),
      number(values, "payload-bytes"), url, Long.parseLong(values.get("server-pid")), values.get("server-jar"),
      values.get("server-heap"), values.get("app-id"), bool(values, "heap"), bool(values, "fail-on-loss"));
  }

  private static int number(Map<String, String> values, String name) {
    try {
      return Integer.parseInt(values.get(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + values.get(name) + "'");
    }
  }

  private static boolean bool(Map<String, String> values, String name) {
    String value = values.get(name);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("--" + name + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }
}
