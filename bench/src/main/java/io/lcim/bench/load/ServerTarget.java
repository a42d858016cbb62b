package io.lcim.bench.load;

import java.net.URI;
import java.util.OptionalLong;

/**
 * The server under load: where its WebSocket is, and, when it runs on this machine and its pid is known, the
 * process whose CPU and heap are read. Closing a spawned server stops it.
 */
public interface ServerTarget extends AutoCloseable {

  /** {@code ws://host:port/}. */
  URI webSocketUri();

  /** The server's pid on this machine, if known: only then are its CPU and heap reported. */
  OptionalLong pid();

  /** Process start to the first {@code GET /readiness} 200, for a server the bench started itself. */
  OptionalLong coldStartMillis();

  @Override
  void close();

  /** A server someone else runs. */
  static ServerTarget external(URI uri, long pid) {
    return new ServerTarget() {
      @Override
      public URI webSocketUri() {
        return uri;
      }

      @Override
      public OptionalLong pid() {
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
      }

      @Override
      public OptionalLong coldStartMillis() {
        return OptionalLong.empty();
      }

      @Override
      public void close() {
      }
    };
  }
}
