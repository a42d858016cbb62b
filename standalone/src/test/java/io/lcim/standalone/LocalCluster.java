package io.lcim.standalone;

import io.lcim.conversation.ConversationMain;
import io.lcim.gateway.GatewayMain;
import io.lcim.media.MediaMain;
import io.lcim.message.MessageMain;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The multi-process cluster on 127.0.0.1: the stores ({@code StandaloneMain --stores-only}), conversation-, message-
 * and media-service, and gateways A and B, each a JVM started with this JVM's test class path, on free ports, with a
 * unique CLUSTER_NAME and a temporary IM_DATA_DIR. Gateway B is only described (the suite starts it). Every process
 * carries {@link #tagArgument()} on its command line, so that {@link #close()} finds all of them, also those the
 * suite restarted.
 */
final class LocalCluster implements AutoCloseable {

  static final String GATEWAY_A = "gateway-a";
  static final String GATEWAY_B = "gateway-b";
  private static final String STORES = "stores";
  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final int LOG_LINES_SHOWN = 30;
  /** As the service images run: Hazelcast reaches into these JDK internals. */
  private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
    "-Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory",
    "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  /** One server process: how to start it and how to tell that it is ready. */
  record ProcessSpec(String name, List<String> command, Map<String, String> env, Path log, String readiness,
                     String url) {
    JsonObject toJson(Long pid) {
      return new JsonObject().put("command", new JsonArray(command)).put("env", new JsonObject(Map.copyOf(env)))
        .put("log", log.toString()).put("readiness", readiness).put("url", url).put("pid", pid);
    }
  }

  private final Path runDir;
  private final String clusterName = "lcim-mp-" + UUID.randomUUID();
  private final Path javaArgs;
  private final Map<String, ProcessSpec> specs = new LinkedHashMap<>();
  private final Map<String, Process> started = new LinkedHashMap<>();
  private final Set<Integer> takenPorts = new HashSet<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int redisPort;
  private final int mongoPort;

  LocalCluster(Path runDir, String classPath, Map<String, String> appCredentials) throws IOException {
    this.runDir = runDir;
    // The class path (tens of kilobytes) goes into an argument file: short command lines, no argument-size limits.
    javaArgs = runDir.resolve("java-class-path.args");
    Files.writeString(javaArgs, "-cp \"" + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
    redisPort = freePort();
    mongoPort = freePort();
    describeProcesses(appCredentials);
  }

  private void describeProcesses(Map<String, String> appCredentials) throws IOException {
    add(STORES, StandaloneMain.class, List.of("--stores-only"), Map.of(
      "IM_DATA_DIR", runDir.resolve("data").toString(),
      "IM_STORES_REDIS_PORT", Integer.toString(redisPort),
      "IM_STORES_MONGO_PORT", Integer.toString(mongoPort)), null, null);
    List<Integer> clusterPorts = List.of(freePort(), freePort(), freePort(), freePort(), freePort());
    String members = String.join(",", clusterPorts.stream().map(port -> HOST + ":" + port).toList());
    Map<String, String> common = new LinkedHashMap<>(appCredentials);
    common.putAll(Map.of(
      "MONGO_URI", "mongodb://" + HOST + ":" + mongoPort,
      "REDIS_URI", "redis://" + HOST + ":" + redisPort,
      "CLUSTER_NAME", clusterName,
      "CLUSTER_HOST", HOST,
      "CLUSTER_MEMBERS", members,
      "IM_MANAGEMENT_HOST", HOST));
    addService("conversation", ConversationMain.class, clusterPorts.get(0), common, Map.of(), null);
    addService("message", MessageMain.class, clusterPorts.get(1), common,
      Map.of("IM_HTTP_HOST", HOST, "IM_HTTP_PORT", Integer.toString(freePort())), null);
    int mediaPort = freePort();
    addService("media", MediaMain.class, clusterPorts.get(2), common, Map.of("IM_MEDIA_HOST", HOST,
      "IM_MEDIA_PORT", Integer.toString(mediaPort), "IM_PUBLIC_URL", "http://" + HOST + ":" + mediaPort), null);
    for (String gateway : List.of(GATEWAY_A, GATEWAY_B)) {
      int port = freePort();
      addService(gateway, GatewayMain.class, clusterPorts.get(gateway.equals(GATEWAY_A) ? 3 : 4), common,
        Map.of("IM_HOST", HOST, "IM_PORT", Integer.toString(port)), "ws://" + HOST + ":" + port + "/");
    }
  }

  private void addService(String name, Class<?> main, int clusterPort, Map<String, String> common,
                          Map<String, String> own, String url) throws IOException {
    int managementPort = freePort();
    Map<String, String> env = new LinkedHashMap<>(common);
    env.putAll(own);
    env.put("CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("IM_MANAGEMENT_PORT", Integer.toString(managementPort));
    add(name, main, List.of(), env, "http://" + HOST + ":" + managementPort + "/readiness", url);
  }

  private void add(String name, Class<?> main, List<String> args, Map<String, String> env, String readiness,
                   String url) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(tagArgument());
    command.addAll(JVM_OPTIONS);
    command.add("@" + javaArgs);
    command.add(main.getName());
    command.addAll(args);
    specs.put(name, new ProcessSpec(name, List.copyOf(command), Map.copyOf(env), runDir.resolve(name + ".log"),
      readiness, url));
  }

  /** Marks this cluster's processes; a system property nobody reads. */
  String tagArgument() {
    return "-Dlcim.test.cluster=" + clusterName;
  }

  String clusterName() {
    return clusterName;
  }

  /**
   * Starts the stores, then conversation-service (the first cluster member), then message-service, media-service
   * and gateway A together; returns once each is healthy.
   */
  void start() throws IOException, InterruptedException {
    startProcess(STORES);
    awaitReady(STORES, () -> accepts(redisPort) && accepts(mongoPort));
    startProcess("conversation");
    awaitHealthy("conversation");
    List<String> rest = List.of("message", "media", GATEWAY_A);
    for (String name : rest) {
      startProcess(name);
    }
    for (String name : rest) {
      awaitHealthy(name);
    }
  }

  /** The description read by the Node suite ({@code e2e/cluster/lib/processes.js}), written to a file. */
  Path writeDescription() throws IOException {
    JsonObject processes = new JsonObject();
    specs.forEach((name, spec) -> processes.put(name,
      spec.toJson(started.containsKey(name) ? started.get(name).pid() : null)));
    Path file = runDir.resolve("cluster.json");
    Files.writeString(file, new JsonObject().put("processes", processes).encodePrettily());
    return file;
  }

  private void startProcess(String name) throws IOException {
    ProcessSpec spec = specs.get(name);
    ProcessBuilder builder = new ProcessBuilder(spec.command())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
    builder.environment().putAll(spec.env());
    started.put(name, builder.start());
  }

  private void awaitHealthy(String name) throws InterruptedException {
    awaitReady(name, () -> answersOk(specs.get(name).readiness()));
  }

  private void awaitReady(String name, BooleanSupplier ready) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!ready.getAsBoolean()) {
      if (!started.get(name).isAlive()) {
        throw new IllegalStateException(name + " exited during start-up; " + logTail(name));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; " + logTail(name));
      }
      Thread.sleep(200);
    }
  }

  private boolean answersOk(String url) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The last lines of every process's log, for failure messages. */
  String logTails() {
    StringBuilder tails = new StringBuilder();
    specs.keySet().forEach(name -> tails.append(logTail(name)).append(System.lineSeparator()));
    return tails.toString();
  }

  private String logTail(String name) {
    Path log = specs.get(name).log();
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
      return "last output of " + name + " (" + log + "):" + System.lineSeparator() + "    "
        + String.join(System.lineSeparator() + "    ", lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN),
        lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "no log of " + name + ": " + e.getMessage();
    }
  }

  /**
   * Stops every process of this cluster, including those the suite (re)started: the servers with SIGTERM together,
   * then the stores (whose shutdown stops their Redis child); whatever ignores SIGTERM is killed.
   */
  @Override
  public void close() {
    List<ProcessHandle> tagged = Stream.concat(started.values().stream().map(Process::toHandle),
      ProcessHandle.allProcesses().filter(this::isTagged)).filter(ProcessHandle::isAlive).distinct().toList();
    List<ProcessHandle> stores = tagged.stream().filter(this::isStores).toList();
    List<ProcessHandle> descendants = tagged.stream().flatMap(ProcessHandle::descendants).toList();
    stop(tagged.stream().filter(p -> !isStores(p)).toList());
    stop(stores);
    stop(descendants);
  }

  private boolean isTagged(ProcessHandle process) {
    return process.info().arguments().map(args -> List.of(args).contains(tagArgument())).orElse(false);
  }

  private boolean isStores(ProcessHandle process) {
    Process stores = started.get(STORES);
    return stores != null && stores.pid() == process.pid()
      || process.info().arguments().map(args -> List.of(args).contains("--stores-only")).orElse(false);
  }

  private static void stop(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (ProcessHandle process : processes) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        process.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
      }
    }
  }

  private int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
        if (takenPorts.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }
}
