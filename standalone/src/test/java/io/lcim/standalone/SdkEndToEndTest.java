package io.lcim.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private static final long SUITE_TIMEOUT_MINUTES = 10;

  @TempDir
  static Path dataDir;

  private static StandaloneServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = StandaloneServer.start(Map.of(
        "IM_HOST", "127.0.0.1",
        "IM_PORT", "0",
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
    Path e2eDir = NodeSuite.e2eDir();
    String base = "127.0.0.1:" + server.port();
    NodeSuite.Result suite = NodeSuite.runTests(e2eDir, "test", Map.of(
        "LCIM_URL", "ws://" + base + "/",
        "LCIM_HTTP_URL", "http://" + base,
        "LCIM_APP_ID", APP_ID,
        "LCIM_APP_KEY", APP_KEY,
        "LCIM_SERVER_CMD", serverCommand()), SUITE_TIMEOUT_MINUTES, () -> "");
    assertThat(suite.exitCode()).as("the e2e suite failed (exit code %d):%n%s", suite.exitCode(), suite.output())
        .isZero();
  }

  /**
   * How a test may start a standalone server process of its own (to restart it under connected clients): this
   * JVM's java binary and test class path, as a JSON array for {@code LCIM_SERVER_CMD}.
   */
  private static String serverCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new JsonArray(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", NodeSuite.testClassPath(),
        StandaloneMain.class.getName())).encode();
  }
}
