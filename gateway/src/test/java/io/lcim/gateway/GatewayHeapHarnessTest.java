package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.PatchCommand;
import io.lcim.common.proto.UnreadCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what idle logged-in sessions cost the gateway's heap, and how fast it logs clients in. Not part of the
 * normal build: run with {@code -Dgateway.heap=true}, e.g.
 * <pre>
 * ./mvnw -B -q -pl gateway -am verify -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dtest=io.lcim.gateway.GatewayHeapHarnessTest -Dgateway.heap=true -Dgateway.heap.sessions=19000
 * </pre>
 * The clients run in a separate JVM ({@link HarnessClients}), so every object counted here is the gateway's (and
 * its Redis client's and event bus's). The report (also in {@code gateway/target/gateway-heap-report.txt}) gives
 * the live-heap delta per connection (socket open, no session), per session (after {@code session/open}), the
 * classes behind it, and connect and login rates. Options: {@code gateway.heap.sessions} (default 10000; each
 * session is one socket, and both JVMs must stay under {@code ulimit -n}), {@code gateway.heap.concurrency}
 * (requests in flight, default 256), {@code gateway.heap.compression} (clients offer permessage-deflate as
 * browsers do, default true), {@code gateway.heap.warmup} (clients that connect, log in and leave first, so that
 * the measured round runs compiled code; default 3000), {@code gateway.heap.clientJvmArgs} (e.g. a flight
 * recording of the clients), {@code gateway.heap.jfr}
 * (a flight recording of the gateway's side while the clients connect and log in).
 */
@EnabledIfSystemProperty(named = "gateway.heap", matches = "true")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class GatewayHeapHarnessTest extends GatewayTestBase {

  private static final int SESSIONS = Integer.getInteger("gateway.heap.sessions", 10_000);
  private static final int CONCURRENCY = Integer.getInteger("gateway.heap.concurrency", 256);
  private static final boolean COMPRESSION =
    Boolean.parseBoolean(System.getProperty("gateway.heap.compression", "true"));
  private static final int WARMUP = Integer.getInteger("gateway.heap.warmup", 3000);
  private static final long PHASE_TIMEOUT_SECONDS = 300;

  private final BlockingQueue<String> clientLines = new LinkedBlockingQueue<>();
  private long clientCpuSoFar;

  @Override
  JsonObject configOverrides() {
    // Nothing may time out while the harness measures.
    return new JsonObject().put("IM_IDLE_TIMEOUT_SECONDS", "3600").put("IM_LOGIN_TIMEOUT_SECONDS", "3600");
  }

  /**
   * What one client phase cost: as the clients saw it (successes, wall-clock time, failures, their CPU) and as
   * this JVM (the gateway) and Redis spent CPU on it. On a machine shared with other work the wall-clock rates
   * vary with the load; CPU per operation does not.
   */
  record Phase(long done, long micros, long failed, long clientCpuNanos, long gatewayCpuNanos, long redisCpuMicros) {

    double perSecond() {
      return done / (micros / 1e6);
    }

    String describe(String name) {
      return String.format(Locale.ROOT, "%s: %,d ok, %d failed, %.0f/s wall clock; CPU per operation: gateway "
          + "JVM %.0f us, Redis %.0f us, clients %.0f us%n", name, done, failed, perSecond(),
        gatewayCpuNanos / 1e3 / done, redisCpuMicros / (double) done, clientCpuNanos / 1e3 / done);
    }
  }

  @Test
  void heapPerIdleSessionAndLoginRate() throws Exception {
    stubMessageService();
    Process clients = startClients();
    Writer commands = new OutputStreamWriter(clients.getOutputStream(), StandardCharsets.UTF_8);
    try {
      clientCpuSoFar = Long.parseLong(nextLine("warmed").split(" ")[1]);
      awaitWarmupGone();
      HeapHistogram empty = HeapHistogram.take();
      Recording recording = startRecording();
      commands.write("connect\n");
      commands.flush();
      Phase connected = phase("connected");
      HeapHistogram sockets = HeapHistogram.take();
      commands.write("login\n");
      commands.flush();
      Phase loggedIn = phase("logged-in");
      if (recording != null) {
        recording.dump(Path.of("target", "gateway-harness.jfr"));
        recording.close();
      }
      HeapHistogram sessions = HeapHistogram.take();

      String report = report(connected, loggedIn, empty, sockets, sessions);
      System.out.println(report);
      Files.writeString(Path.of("target", "gateway-heap-report.txt"), report);
      assertThat(loggedIn.done()).isEqualTo(SESSIONS);
    } finally {
      commands.write("exit\n");
      commands.flush();
      if (!clients.waitFor(30, TimeUnit.SECONDS)) {
        clients.destroyForcibly();
      }
    }
  }

  /**
   * The warm-up clients have closed their sockets; the gateway has cleaned up once their presence is gone (or has
   * lapsed, should an unregistration have failed).
   */
  private void awaitWarmupGone() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    // Chunks: a Redis connection refuses a batch beyond its pipeline depth (maxWaitingHandlers).
    for (int from = 0; from < WARMUP; from += 500) {
      List<String> ids = IntStream.range(from, Math.min(WARMUP, from + 500)).mapToObj(n -> "warmup-" + n).toList();
      while (!isOffline(ids)) {
        assertThat(System.nanoTime()).as("warm-up sessions still present").isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  private boolean isOffline(List<String> ids) {
    Future<Set<String>> online = presence.online(ids);
    return online.toCompletionStage().toCompletableFuture().handle((set, e) -> set != null && set.isEmpty()).join();
  }

  /** Message-service's login steps, answered at once with "nothing new", as for a client without history. */
  private void stubMessageService() {
    Buffer noUnread = Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.unread)
      .setUnreadMessage(UnreadCommand.newBuilder().setNotifTime(1)).build());
    Buffer noPatches = Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.patch).setOp(OpType.modify)
      .setPatchMessage(PatchCommand.getDefaultInstance()).build());
    await(vertx.eventBus().consumer(Addresses.MESSAGE_UNREAD, message -> message.reply(noUnread)).completion());
    await(vertx.eventBus().consumer(Addresses.MESSAGE_MISSED_PATCHES, message -> message.reply(noPatches))
      .completion());
  }

  /** With {@code -Dgateway.heap.jfr=true}, a flight recording of the gateway's side (target/gateway-harness.jfr). */
  private static Recording startRecording() throws IOException, ParseException {
    if (!Boolean.getBoolean("gateway.heap.jfr")) {
      return null;
    }
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.start();
    return recording;
  }

  private Process startClients() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx2g"));
    String extraJvmArgs = System.getProperty("gateway.heap.clientJvmArgs", "").trim();
    if (!extraJvmArgs.isEmpty()) {
      command.addAll(List.of(extraJvmArgs.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), HarnessClients.class.getName(),
      String.valueOf(port), String.valueOf(SESSIONS), String.valueOf(CONCURRENCY), String.valueOf(COMPRESSION),
      String.valueOf(WARMUP)));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith(HarnessClients.PREFIX)) {
            clientLines.add(line.substring(HarnessClients.PREFIX.length()));
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "harness-clients-reader");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  /** Waits for the clients' report of a phase and accounts the CPU spent meanwhile. */
  private Phase phase(String name) throws Exception {
    long gatewayBefore = HarnessClients.processCpuNanos();
    long redisBefore = redisCpuMicros();
    String[] parts = nextLine(name).split(" ");
    long gatewayCpu = HarnessClients.processCpuNanos() - gatewayBefore;
    long redisCpu = redisCpuMicros() - redisBefore;
    long clientCpuBefore = clientCpuSoFar;
    clientCpuSoFar = Long.parseLong(parts[4]); // the clients report their CPU since they started
    return new Phase(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
      clientCpuSoFar - clientCpuBefore, gatewayCpu, redisCpu);
  }

  private String nextLine(String name) throws InterruptedException {
    String line = clientLines.poll(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(line).as("client phase " + name).isNotNull().startsWith(name + " ");
    return line;
  }

  /** Redis's own CPU (user + system) so far, from INFO. */
  private long redisCpuMicros() {
    String info = await(redis.send(Request.cmd(Command.INFO).arg("cpu"))).toString();
    double seconds = 0;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return (long) (seconds * 1e6);
  }

  private static String report(Phase connected, Phase loggedIn, HeapHistogram empty, HeapHistogram sockets,
                               HeapHistogram sessions) {
    int n = SESSIONS;
    return String.format(Locale.ROOT, "Gateway heap harness: %,d sockets, one session each, %d in flight, "
        + "clients %s permessage-deflate%n", n, CONCURRENCY, COMPRESSION ? "offering" : "not offering")
      + connected.describe("connect")
      + loggedIn.describe("login (session/open)")
      + String.format(Locale.ROOT, "%nheap per idle logged-in session (sockets + sessions vs. empty gateway):%n")
      + sessions.report(empty, n, 40)
      + String.format(Locale.ROOT, "%nof which the socket before login (vs. empty gateway):%n")
      + sockets.report(empty, n, 25)
      + String.format(Locale.ROOT, "%nof which the login (vs. sockets only):%n")
      + sessions.report(sockets, n, 25);
  }
}
