package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.PatchCommand;
import io.lcim.common.proto.UnreadCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
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
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
 * browsers do, default true).
 */
@EnabledIfSystemProperty(named = "gateway.heap", matches = "true")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class GatewayHeapHarnessTest extends GatewayTestBase {

  private static final int SESSIONS = Integer.getInteger("gateway.heap.sessions", 10_000);
  private static final int CONCURRENCY = Integer.getInteger("gateway.heap.concurrency", 256);
  private static final boolean COMPRESSION =
    Boolean.parseBoolean(System.getProperty("gateway.heap.compression", "true"));
  private static final long PHASE_TIMEOUT_SECONDS = 300;

  private final BlockingQueue<String> clientLines = new LinkedBlockingQueue<>();

  @Override
  JsonObject configOverrides() {
    // Nothing may time out while the harness measures.
    return new JsonObject().put("IM_IDLE_TIMEOUT_SECONDS", "3600").put("IM_LOGIN_TIMEOUT_SECONDS", "3600");
  }

  @Test
  void heapPerIdleSessionAndLoginRate() throws Exception {
    stubMessageService();
    HeapHistogram empty = HeapHistogram.take();
    Process clients = startClients();
    Writer commands = new OutputStreamWriter(clients.getOutputStream(), StandardCharsets.UTF_8);
    try {
      long[] connected = phase("connected");
      HeapHistogram sockets = HeapHistogram.take();
      commands.write("login\n");
      commands.flush();
      long[] loggedIn = phase("logged-in");
      HeapHistogram sessions = HeapHistogram.take();

      String report = report(connected, loggedIn, empty, sockets, sessions);
      System.out.println(report);
      Files.writeString(Path.of("target", "gateway-heap-report.txt"), report);
      assertThat(loggedIn[0]).isEqualTo(SESSIONS);
    } finally {
      commands.write("exit\n");
      commands.flush();
      if (!clients.waitFor(30, TimeUnit.SECONDS)) {
        clients.destroyForcibly();
      }
    }
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

  private Process startClients() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path"),
      HarnessClients.class.getName(), String.valueOf(port), String.valueOf(SESSIONS), String.valueOf(CONCURRENCY),
      String.valueOf(COMPRESSION))
      .redirectError(ProcessBuilder.Redirect.INHERIT)
      .start();
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

  /** Waits for the clients' report of a phase: {done, micros, failed}. */
  private long[] phase(String name) throws InterruptedException {
    String line = clientLines.poll(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(line).as("client phase " + name).isNotNull().startsWith(name + " ");
    String[] parts = line.split(" ");
    return new long[]{Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])};
  }

  private static String report(long[] connected, long[] loggedIn, HeapHistogram empty, HeapHistogram sockets,
                               HeapHistogram sessions) {
    int n = SESSIONS;
    return String.format(Locale.ROOT, "Gateway heap harness: %,d sockets, one session each, %d in flight, "
        + "clients %s permessage-deflate%n", n, CONCURRENCY, COMPRESSION ? "offering" : "not offering")
      + String.format(Locale.ROOT, "connect: %,d ok, %d failed, %.0f/s%n", connected[0], connected[2],
      rate(connected))
      + String.format(Locale.ROOT, "login (session/open): %,d ok, %d failed, %.0f/s%n", loggedIn[0], loggedIn[2],
      rate(loggedIn))
      + String.format(Locale.ROOT, "%nheap per idle logged-in session (sockets + sessions vs. empty gateway):%n")
      + sessions.report(empty, n, 40)
      + String.format(Locale.ROOT, "%nof which the socket before login (vs. empty gateway):%n")
      + sockets.report(empty, n, 25)
      + String.format(Locale.ROOT, "%nof which the login (vs. sockets only):%n")
      + sessions.report(sockets, n, 25);
  }

  private static double rate(long[] phase) {
    return phase[0] / (phase[1] / 1e6);
  }
}
