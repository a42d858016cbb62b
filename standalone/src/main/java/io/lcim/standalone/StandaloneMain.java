package io.lcim.standalone;

/** {@code java -jar im-standalone.jar}: configuration comes from the environment (see README). */
public final class StandaloneMain {

  private StandaloneMain() {
  }

  public static void main(String[] args) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    StandaloneServer server = StandaloneServer.start(System.getenv());
    // SIGTERM / Ctrl-C: close in order so embedded stores are flushed and no redis-server is orphaned.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lcim-shutdown"));
  }
}
