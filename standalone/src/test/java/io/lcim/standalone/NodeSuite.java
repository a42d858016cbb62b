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
import java.util.function.Supplier;

/**
 * Runs a Node suite of {@code <repo>/e2e} (the official LeanCloud SDKs) from a JUnit test: installs the npm packages
 * when they are missing, streams the suite's output to stdout, and kills its whole process tree on timeout.
 */
final class NodeSuite {

  private static final long NPM_CI_TIMEOUT_MINUTES = 5;

  /** What a run printed and how it ended. */
  record Result(int exitCode, String output) {
  }

  private NodeSuite() {
  }

  /** The e2e directory beside this module, with its npm packages installed. */
  static Path e2eDir() throws InterruptedException {
    Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path e2eDir = moduleDir.resolve("../e2e").toAbsolutePath().normalize();
    assertThat(e2eDir.resolve("package.json")).as("the e2e suite next to %s", moduleDir).isRegularFile();
    if (!Files.isDirectory(e2eDir.resolve("node_modules"))) {
      Result install = run(e2eDir, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(),
        NPM_CI_TIMEOUT_MINUTES, () -> "");
      assertThat(install.exitCode()).as("npm ci in %s failed:%n%s", e2eDir, install.output()).isZero();
    }
    return e2eDir;
  }

  /** This test JVM's class path: every module, so server processes can be started without built jars. */
  static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /**
   * Runs {@code node --test --test-concurrency=1 <dir>/} in the e2e directory.
   *
   * @param context more to show when the run times out (server logs, say)
   */
  static Result runTests(Path e2eDir, String testDir, Map<String, String> env, long timeoutMinutes,
                         Supplier<String> context) throws InterruptedException {
    return run(e2eDir, List.of("node", "--test", "--test-concurrency=1", testDir + "/"), env, timeoutMinutes,
      context);
  }

  private static Result run(Path dir, List<String> command, Map<String, String> env, long timeoutMinutes,
                            Supplier<String> context) throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return fail("cannot run %s in %s (is Node 20 with npm installed?): %s", command, dir, e.getMessage());
    }
    StringBuilder output = new StringBuilder();
    Thread pump = new Thread(() -> copyOutput(process, output), "node-suite-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      pump.join(TimeUnit.SECONDS.toMillis(5));
      return fail("%s did not finish within %d minutes; output so far:%n%s%n%s", command, timeoutMinutes, output,
        context.get());
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
    synchronized (output) {
      return new Result(process.exitValue(), output.toString());
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
