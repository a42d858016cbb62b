package io.lcim.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 end to end: the stores, one process of each service and two gateways, each its own JVM on 127.0.0.1 in
 * one Hazelcast cluster ({@link LocalCluster}), driven by the Node suite in {@code ../e2e/cluster} with the official
 * SDK: chat and presence across gateways, {@code kill -9} of a gateway, restart of message-service under traffic.
 * The suite kills and restarts processes itself from the description this test writes. It fails with the suite's
 * output and the tails of the server logs.
 */
class MultiProcessClusterTest {
  private static final Map<String, String> APP = Map.of(
    "IM_APP_ID", "lcim-cluster-app",
    "IM_APP_KEY", "lcim-cluster-key",
    "IM_MASTER_KEY", "lcim-cluster-master");
  private static final long SUITE_TIMEOUT_MINUTES = 5;

  /** Process logs, the stores' data and the cluster description; kept when the test fails. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path runDir;

  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new LocalCluster(runDir, NodeSuite.testClassPath(), APP);
    long startedAt = System.nanoTime();
    try {
      cluster.start();
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
    System.out.printf("cluster %s up in %d ms (logs in %s)%n", cluster.clusterName(),
      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), runDir);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void chatSurvivesGatewayDeathAndServiceRestart() throws Exception {
    Path e2eDir = NodeSuite.e2eDir();
    Path description = cluster.writeDescription();
    long startedAt = System.nanoTime();
    NodeSuite.Result suite = NodeSuite.runTests(e2eDir, "cluster", Map.of(
      "LCIM_APP_ID", APP.get("IM_APP_ID"),
      "LCIM_APP_KEY", APP.get("IM_APP_KEY"),
      "LCIM_CLUSTER_FILE", description.toString()), SUITE_TIMEOUT_MINUTES,
      () -> "server logs:" + System.lineSeparator() + cluster.logTails());
    System.out.printf("the cluster suite took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    assertThat(suite.exitCode())
      .as("the cluster suite failed (exit code %d):%n%s%nserver logs:%n%s", suite.exitCode(), suite.output(),
        cluster.logTails())
      .isZero();
  }
}
