package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle (4107) and login (4108) timeouts of every socket of a node, checked by one periodic sweep instead of a
 * timer per socket (which cost each socket two timer tasks, their map entries and handler objects). A socket is
 * therefore closed up to one {@link #PERIOD_MILLIS} after its deadline, never before it. A sweep reads two fields
 * of each socket: some microseconds for tens of thousands of sockets.
 */
final class TimeoutSweep {

  /** How late a timeout may be acted on: small next to the timeouts themselves (minutes in production). */
  static final long PERIOD_MILLIS = 1000;

  private final Vertx vertx;
  private final LocalSessions sessions;
  private final long idleNanos;
  private final long loginNanos;
  private long timer = -1;

  TimeoutSweep(Vertx vertx, LocalSessions sessions, GatewayConfig config) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.idleNanos = TimeUnit.SECONDS.toNanos(config.idleTimeoutSeconds());
    this.loginNanos = TimeUnit.SECONDS.toNanos(config.loginTimeoutSeconds());
  }

  void start() {
    timer = vertx.setPeriodic(PERIOD_MILLIS, id -> sweep(System.nanoTime()));
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Closes the sockets whose deadline has passed at {@code nowNanos}. */
  void sweep(long nowNanos) {
    List<ClientConnection> expired = new ArrayList<>();
    List<ErrorCode> codes = new ArrayList<>();
    sessions.forEachConnection(connection -> {
      ErrorCode code = connection.expired(nowNanos, idleNanos, loginNanos);
      if (code != null) {
        expired.add(connection);
        codes.add(code);
      }
    });
    // Closed after the walk: a close may run the socket's clean-up, which unlinks it from the list being walked.
    for (int i = 0; i < expired.size(); i++) {
      expired.get(i).close(codes.get(i));
    }
  }
}
