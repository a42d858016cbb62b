package io.lcim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Node suite in {@code ../e2e} (the official LeanCloud SDKs, one process per client) against a standalone
 * server started in this JVM. The suite's own assertions decide; this test fails with their output.
 */
class SdkEndToEndTest {
  private static final String APP_ID = "lcim-e2e-app";
  private static final String APP_KEY = "lcim-e2e-key";
  private static final String MASTER_KEY = "lcim-e2e-master";
  private static final long NPM_CI_TIMEOUT_MINUTES = 5;
  private static final long SUITE_TIMEOUT_MINUTES = 10;

  @TempDir
  static Path dataDir;

  private static StandaloneServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = StandaloneServer.start(Map.of(
        "IM_HOST", "127.0.0.1",
        "IM_PORT", Integer.toString(freePort()),
        "IM_DATA_DIR", dataDir.toString(),
        "IM_APP_ID", APP_ID,
        "IM_APP_KEY", APP_KEY,
        "IM_MASTER_KEY", MASTER_KEY));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void officialSdkSuitePasses() throws Exception {
    Path e2eDir = e2eDir();
    if (!Files.isDirectory(e2eDir.resolve("node_modules"))) {
      NodeRun install = run(e2eDir, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(),
          NPM_CI_TIMEOUT_MINUTES);
      assertThat(install.exitCode()).as("npm ci in %s failed:%n%s", e2eDir, install.output()).isZero();
    }
    String base = "127.0.0.1:" + server.port();
    NodeRun suite = run(e2eDir, List.of("node", "--test", "--test-concurrency=1", "test/"), Map.of(
        "LCIM_URL", "ws://" + base + "/",
        "LCIM_HTTP_URL", "http://" + base,
        "LCIM_APP_ID", APP_ID,
        "LCIM_APP_KEY", APP_KEY,
        "LCIM_SERVER_CMD", serverCommand()), SUITE_TIMEOUT_MINUTES);
    assertThat(suite.exitCode()).as("the e2e suite failed (exit code %d):%n%s", suite.exitCode(), suite.output())
        .isZero();
  }

  /**
   * How a test may start a standalone server process of its own (to restart it under connected clients): this
   * JVM's java binary and test class path, as a JSON array for {@code LCIM_SERVER_CMD}.
   */
  private static String serverCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new JsonArray(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath,
        StandaloneMain.class.getName())).encode();
  }

  /** The e2e directory sits beside this module: {@code <repo>/e2e}. */
  private static Path e2eDir() {
    Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path e2eDir = moduleDir.resolve("../e2e").toAbsolutePath().normalize();
    assertThat(e2eDir.resolve("package.json")).as("the e2e suite next to %s", moduleDir).isRegularFile();
    return e2eDir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private record NodeRun(int exitCode, String output) {}

  /** Runs a command, echoing its output to stdout as it comes; kills the whole process tree on timeout. */
  private static NodeRun run(Path dir, List<String> command, Map<String, String> env, long timeoutMinutes)
      throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return fail("cannot run %s in %s (is Node 20 with npm installed?): %s", command, dir, e.getMessage());
    }
    StringBuilder output = new StringBuilder();
    Thread pump = new Thread(() -> copyOutput(process, output), "e2e-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      pump.join(TimeUnit.SECONDS.toMillis(5));
      return fail("%s did not finish within %d minutes; output so far:%n%s", command, timeoutMinutes, output);
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
    synchronized (output) {
      return new NodeRun(process.exitValue(), output.toString());
    }
  }

  private static void copyOutput(Process process, StringBuilder output) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        System.out.println(line);
        synchronized (output) {
          output.append(line).append(System.lineSeparator());
        }
      }
    } catch (IOException e) {
      synchronized (output) {
        output.append("[output lost: ").append(e.getMessage()).append(']');
      }
    }
  }
}
