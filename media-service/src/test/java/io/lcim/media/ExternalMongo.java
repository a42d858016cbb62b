package io.lcim.media;

import de.bwaldvogel.mongo.MongoServer;
import io.lcim.store.IndexedH2Backend;
import io.lcim.store.StoreOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory MongoDB-wire store in a JVM of its own, so that a test JVM with a small heap holds only the service
 * under test, not the stored bytes. The child exits when its standard input closes, i.e. with the test JVM.
 */
final class ExternalMongo implements AutoCloseable {

  private static final String READY = "MONGO-PORT ";

  private final Process process;
  private final int port;

  private ExternalMongo(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ExternalMongo start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
      ExternalMongo.class.getName()).redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = output.readLine()) != null) {
      if (line.startsWith(READY)) {
        int port = Integer.parseInt(line.substring(READY.length()).trim());
        Thread drain = new Thread(() -> output.lines().forEach(l -> { }), "external-mongo-output");
        drain.setDaemon(true);
        drain.start();
        return new ExternalMongo(process, port);
      }
    }
    process.destroyForcibly();
    throw new IOException("the external MongoDB-wire store did not start");
  }

  String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The child: serves on a free loopback port, prints it, and stops when standard input closes. */
  public static void main(String[] args) throws IOException {
    MongoServer server = new MongoServer(new IndexedH2Backend(StoreOptions.inMemory().withNotablescan(true)));
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    System.out.println(READY + address.getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to go away
    }
    server.shutdownNow();
  }
}
