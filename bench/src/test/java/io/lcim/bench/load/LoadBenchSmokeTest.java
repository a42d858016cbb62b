package io.lcim.bench.load;

import io.lcim.standalone.StandaloneServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keeps the load bench from rotting: short runs of each mode against a standalone server started in this JVM (on
 * 127.0.0.1), checking that every message is acked and delivered exactly as often as it should be, with no errors,
 * and that the JSON line has its fields. Figures are not checked: they mean nothing on a shared CI machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadBenchSmokeTest {

  private static final List<String> TRAFFIC_FIELDS = List.of("mode", "round", "clients", "groupSize", "targetRate",
    "duration_s", "sent", "acked", "acked_per_s", "delivered", "delivered_per_s", "expected_deliveries",
    "duplicates", "missing", "errors", "ack_p50_ms", "ack_p99_ms", "ack_max_ms", "deliver_p50_ms", "deliver_p99_ms",
    "deliver_max_ms", "server_cpu_cores", "client_cpu_cores", "cold_start_ms");
  private static final List<String> SESSION_FIELDS = List.of("mode", "sessions", "logins_per_s", "login_p50_ms",
    "login_p99_ms", "heap_per_session_bytes", "errors", "server_cpu_cores", "client_cpu_cores", "cold_start_ms");

  @TempDir
  static Path dataDir;
  private static StandaloneServer server;
  private static ServerTarget target;

  @BeforeAll
  static void startServer() throws IOException {
    int port = freePort();
    server = StandaloneServer.start(Map.of("IM_HOST", "127.0.0.1", "IM_PORT", Integer.toString(port),
      "IM_DATA_DIR", dataDir.toString()));
    target = ServerTarget.external(URI.create("ws://127.0.0.1:" + port + "/"), 0);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pairsDeliverEveryMessageOnce() {
    JsonObject line = single(run("--mode=pairs", "--clients=10", "--rate=100", "--duration=2", "--warmup=0"));
    assertTraffic(line, 10, 2);
    assertThat(line.getLong("sent")).isEqualTo(200);
    assertThat(line.getLong("expected_deliveries")).isEqualTo(200);
  }

  @Test
  void groupsDeliverToEveryOtherMember() {
    JsonObject line = single(run("--mode=groups", "--clients=10", "--group-size=5", "--rate=20", "--duration=2",
      "--warmup=0"));
    assertTraffic(line, 10, 5);
    assertThat(line.getLong("sent")).isEqualTo(40);
    assertThat(line.getLong("expected_deliveries")).isEqualTo(40 * 4);
  }

  @Test
  void sustainedPrintsOneLinePerRound() {
    List<JsonObject> lines = run("--mode=sustained", "--rounds=2", "--clients=4", "--rate=20", "--duration=1");
    assertThat(lines).hasSize(2);
    assertThat(lines).extracting(l -> l.getInteger("round")).containsExactly(1, 2);
    lines.forEach(line -> assertTraffic(line, 4, 2));
  }

  @Test
  void sessionsOpenAndCountLogins() {
    JsonObject line = single(run("--mode=sessions", "--sessions=50", "--concurrency=10"));
    assertThat(line.fieldNames()).containsAll(SESSION_FIELDS);
    assertThat(line.getInteger("sessions")).isEqualTo(50);
    assertThat(line.getLong("errors")).isZero();
    assertThat(line.getDouble("logins_per_s")).isPositive();
    // No pid for a server in this JVM's own process: the heap part is skipped.
    assertThat(line.getValue("heap_per_session_bytes")).isNull();
  }

  @Test
  void optionsAreChecked() {
    assertThat(LoadOptions.parse("--mode=groups").rate()).isEqualTo(100);
    assertThat(LoadOptions.parse("--mode=pairs").rate()).isEqualTo(1000);
    assertThat(LoadOptions.parse("--mode=sustained", "--sustained-mode=groups").rate()).isEqualTo(100);
    assertThat(LoadOptions.parse("--fail-on-loss").failOnLoss()).isTrue();
    assertThatThrownBy(() -> LoadOptions.parse("--mode=nope"))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadOptions.parse("--clients"))
      .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertTraffic(JsonObject line, int clients, int groupSize) {
    assertThat(line.fieldNames()).containsAll(TRAFFIC_FIELDS);
    assertThat(line.getInteger("clients")).isEqualTo(clients);
    assertThat(line.getInteger("groupSize")).isEqualTo(groupSize);
    assertThat(line.getLong("sent")).isPositive();
    assertThat(line.getLong("acked")).isEqualTo(line.getLong("sent"));
    assertThat(line.getLong("delivered")).isEqualTo(line.getLong("expected_deliveries"));
    assertThat(line.getLong("duplicates")).isZero();
    assertThat(line.getLong("missing")).isZero();
    assertThat(line.getLong("errors")).as("errors: %s", line.getJsonObject("error_kinds")).isZero();
    assertThat(line.getDouble("ack_p50_ms")).isNotNull();
    assertThat(line.getDouble("deliver_p99_ms")).isNotNull();
    assertThat(LoadBench.lost(line)).isFalse();
  }

  /**
   * Runs the bench; each line must survive a round trip through its printed form. The drain is long because a cold
   * server on a busy CI machine may need seconds to catch up; it ends as soon as everything has arrived.
   */
  private static List<JsonObject> run(String... args) {
    String[] withDrain = Arrays.copyOf(args, args.length + 1);
    withDrain[args.length] = "--drain=30";
    return LoadBench.run(LoadOptions.parse(withDrain), target, line -> { })
      .stream().map(line -> new JsonObject(line.encode())).toList();
  }

  private static JsonObject single(List<JsonObject> lines) {
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
