package io.lcim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  private static final long NPM_CI_TIMEOUT_MINUTES = 5;
  private static final long SUITE_TIMEOUT_MINUTES = 5;

  /** Process logs, the stores' data and the cluster description; kept when the test fails. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path runDir;

  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    cluster = new LocalCluster(runDir, classPath, APP);
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
    Path e2eDir = e2eDir();
    if (!Files.isDirectory(e2eDir.resolve("node_modules"))) {
      NodeRun install = run(e2eDir, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(),
        NPM_CI_TIMEOUT_MINUTES);
      assertThat(install.exitCode()).as("npm ci in %s failed:%n%s", e2eDir, install.output()).isZero();
    }
    Path description = cluster.writeDescription();
    long startedAt = System.nanoTime();
    NodeRun suite = run(e2eDir, List.of("node", "--test", "--test-concurrency=1", "cluster/"), Map.of(
      "LCIM_APP_ID", APP.get("IM_APP_ID"),
      "LCIM_APP_KEY", APP.get("IM_APP_KEY"),
      "LCIM_CLUSTER_FILE", description.toString()), SUITE_TIMEOUT_MINUTES);
    System.out.printf("the cluster suite took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    assertThat(suite.exitCode())
      .as("the cluster suite failed (exit code %d):%n%s%nserver logs:%n%s", suite.exitCode(), suite.output(),
        cluster.logTails())
      .isZero();
  }

  /** The e2e directory sits beside this module: {@code <repo>/e2e}. */
  private static Path e2eDir() {
    Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path e2eDir = moduleDir.resolve("../e2e").toAbsolutePath().normalize();
    assertThat(e2eDir.resolve("cluster")).as("the cluster suite next to %s", moduleDir).isDirectory();
    return e2eDir;
  }

  private record NodeRun(int exitCode, String output) {}

  /** Runs a command, echoing its output as it comes; kills its whole process tree on timeout. */
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
    Thread pump = new Thread(() -> copyOutput(process, output), "cluster-suite-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      pump.join(TimeUnit.SECONDS.toMillis(5));
      return fail("%s did not finish within %d minutes; output so far:%n%s%nserver logs:%n%s", command,
        timeoutMinutes, output, cluster.logTails());
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
