package io.lcim.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code java -Xmx<heap> -jar im-standalone.jar} as a child process on 127.0.0.1, a free port and a fresh data
 * directory (so every run starts from an empty store), ready once {@code GET /readiness} answers 200. Its output goes
 * to {@code server.log} in the data directory's parent, kept after the run for post-mortems.
 */
final class SpawnedServer implements ServerTarget {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final Path workDir;
  private final long coldStartMillis;

  private SpawnedServer(Process process, int port, Path workDir, long coldStartMillis) {
    this.process = process;
    this.port = port;
    this.workDir = workDir;
    this.coldStartMillis = coldStartMillis;
  }

  static SpawnedServer start(String jar, String heap, String appId) {
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalArgumentException(jar + " not found: build it with ./mvnw -B -q -pl standalone -am package "
        + "-DskipTests, or pass --server-jar=PATH or --url=ws://host:port/");
    }
    try {
      Path workDir = Files.createTempDirectory("lcim-load-");
      int port = freePort();
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-jar", jar))
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("server.log").toFile());
      Map<String, String> env = builder.environment();
      env.put("IM_HOST", "127.0.0.1");
      env.put("IM_PORT", Integer.toString(port));
      env.put("IM_DATA_DIR", workDir.resolve("data").toString());
      env.put("IM_APP_ID", appId);
      long started = System.nanoTime();
      Process process = builder.start();
      SpawnedServer server = new SpawnedServer(process, port, workDir,
        awaitHealthy(process, port, started, workDir));
      System.err.printf("server: pid %d on port %d, healthy after %d ms, log %s%n", process.pid(), port,
        server.coldStartMillis, workDir.resolve("server.log"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long awaitHealthy(Process process, int port, long startedNanos, Path workDir) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readiness"))
      .timeout(Duration.ofSeconds(2)).build();
    long deadline = startedNanos + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + "; see "
          + workDir.resolve("server.log"));
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server was not healthy within " + START_TIMEOUT.toSeconds() + " s; see "
      + workDir.resolve("server.log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public URI webSocketUri() {
    return URI.create("ws://127.0.0.1:" + port + "/");
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public OptionalLong coldStartMillis() {
    return OptionalLong.of(coldStartMillis);
  }

  /** SIGTERM, so the server flushes and stops its embedded stores (and their redis-server child) itself. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        System.err.println("server: no exit " + STOP_TIMEOUT.toSeconds() + " s after SIGTERM; killing it");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteData(workDir.resolve("data"));
  }

  private static void deleteData(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("server: could not delete " + dir + ": " + e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
