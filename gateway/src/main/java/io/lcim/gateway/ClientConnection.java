package io.lcim.gateway;

import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One client WebSocket: its wire format, the sessions opened on it (in opening order) and the queue that makes its
 * frames run strictly one after another. Confined to the gateway verticle's event loop.
 */
public final class ClientConnection {

  /** Handles one frame; the next frame of the same socket starts only when the returned future completes. */
  @FunctionalInterface
  interface FrameHandler {
    Future<?> handle(ClientConnection connection, Buffer payload, boolean text);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

  /** Frames waiting beyond this pause the socket, so a flooding client queues in TCP instead of our heap. */
  static final int MAX_QUEUED_FRAMES = 256;
  /** Reading resumes once the backlog is this small again. */
  static final int RESUME_QUEUED_FRAMES = 32;
  static final String RESTARTING = "the server is restarting: send again once reconnected";

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final WireProtocol protocol;
  private final Map<String, ClientSession> sessions = new LinkedHashMap<>();
  private Future<?> lastFrame = Future.succeededFuture();
  private int queuedFrames;
  private boolean paused;
  private boolean closed;
  private boolean draining;
  private boolean sessionEverOpened;
  private long lastFrameNanos = System.nanoTime();
  private long idleTimer = -1;
  private long loginTimer = -1;

  ClientConnection(Vertx vertx, ServerWebSocket socket, WireProtocol protocol) {
    this.vertx = vertx;
    this.socket = socket;
    this.protocol = protocol;
  }

  /** Starts reading frames and the idle/login timers; {@code onClose} runs once when the socket is gone. */
  void start(FrameHandler frames, GatewayConfig config, Runnable onClose) {
    socket.binaryMessageHandler(payload -> enqueue(frames, payload, false));
    socket.textMessageHandler(text -> enqueue(frames, Buffer.buffer(text), true));
    socket.exceptionHandler(e -> LOG.debug("WebSocket error from {}: {}", socket.remoteAddress(), e.toString()));
    socket.closeHandler(v -> {
      closed = true;
      vertx.cancelTimer(idleTimer);
      vertx.cancelTimer(loginTimer);
      onClose.run();
    });
    long idleNanos = TimeUnit.SECONDS.toNanos(config.idleTimeoutSeconds());
    scheduleIdleCheck(idleNanos, idleNanos);
    loginTimer = vertx.setTimer(TimeUnit.SECONDS.toMillis(config.loginTimeoutSeconds()), id -> {
      if (!sessionEverOpened) {
        close(ErrorCode.LOGIN_TIMEOUT);
      }
    });
  }

  public WireProtocol protocol() {
    return protocol;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Frames received and not yet handled (the one being handled included). */
  int queuedFrames() {
    return queuedFrames;
  }

  boolean isReadingPaused() {
    return paused;
  }

  /**
   * Writes one command in the negotiated format; a no-op once the socket is gone. Never fails: a socket that
   * breaks mid-write is cleaned up by its close handler, and the frame queue must keep going until then.
   */
  public Future<Void> write(GenericCommand command) {
    if (closed) {
      return Future.succeededFuture();
    }
    Future<Void> written = protocol.base64Text()
      ? socket.writeTextMessage(FrameCodec.encodeText(command))
      : socket.writeBinaryMessage(FrameCodec.encodeBinary(command));
    return written.recover(e -> {
      LOG.debug("Write to {} failed: {}", socket.remoteAddress(), e.toString());
      return Future.succeededFuture();
    });
  }

  /** Closes with a LeanCloud close code, whose name is the reason. */
  public Future<Void> close(ErrorCode code) {
    if (closed) {
      return Future.succeededFuture();
    }
    return socket.close((short) code.code(), code.name());
  }

  public Future<Void> close() {
    return closed ? Future.succeededFuture() : socket.close();
  }

  /**
   * Stops handling new frames; completes once the frames already received have been handled (their responses
   * written), so that a stopping node answers what it has accepted before it says goaway.
   */
  Future<Void> drain() {
    draining = true;
    return lastFrame.<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /**
   * A request arriving while the node drains gets an error at once, so that the app learns within a moment (not
   * after the SDK's 20 s timeout) that it must send again once reconnected.
   */
  private void refuseWhileDraining(Buffer payload, boolean text) {
    FrameCodec.Decoded frame = FrameCodec.decode(payload, text);
    int serial = frame.isOk() ? frame.command().getI() : frame.serial();
    if (serial != 0) {
      write(Commands.error(ErrorCode.INTERNAL_ERROR, RESTARTING).toBuilder().setI(serial).build());
    }
  }

  // --- sessions on this socket ---

  public Optional<ClientSession> session(String clientId) {
    return Optional.ofNullable(sessions.get(clientId));
  }

  /** The session a command without {@code peerId} belongs to: the first one opened on this socket. */
  public Optional<ClientSession> firstSession() {
    return sessions.values().stream().findFirst();
  }

  /**
   * The session a client command acts for: the one of its {@code peerId} on this socket, or the first session when
   * the SDK left {@code peerId} out (it does so while only one client shares the socket).
   */
  public Optional<ClientSession> sessionFor(GenericCommand command) {
    return command.hasPeerId() && !command.getPeerId().isEmpty() ? session(command.getPeerId()) : firstSession();
  }

  public List<ClientSession> sessions() {
    return new ArrayList<>(sessions.values());
  }

  void addSession(ClientSession session) {
    sessions.put(session.clientId(), session);
    sessionEverOpened = true;
  }

  boolean removeSession(ClientSession session) {
    return sessions.remove(session.clientId(), session);
  }

  // --- ordered frame processing ---

  private void enqueue(FrameHandler frames, Buffer payload, boolean text) {
    if (draining) {
      refuseWhileDraining(payload, text);
      return;
    }
    lastFrameNanos = System.nanoTime();
    queuedFrames++;
    if (queuedFrames > MAX_QUEUED_FRAMES && !paused) {
      paused = true;
      socket.pause();
    }
    lastFrame = lastFrame
      .transform(previous -> closed ? Future.succeededFuture() : handleSafely(frames, payload, text))
      .andThen(done -> {
        queuedFrames--;
        if (paused && queuedFrames <= RESUME_QUEUED_FRAMES) {
          paused = false;
          socket.resume();
        }
      });
  }

  private Future<?> handleSafely(FrameHandler frames, Buffer payload, boolean text) {
    try {
      return frames.handle(this, payload, text).recover(e -> {
        LOG.warn("Frame handling failed on {}", socket.remoteAddress(), e);
        return Future.succeededFuture();
      });
    } catch (RuntimeException e) {
      LOG.warn("Frame handling failed on {}", socket.remoteAddress(), e);
      return Future.succeededFuture();
    }
  }

  /** One timer per socket, re-armed for the remaining time, instead of resetting a timer on every frame. */
  private void scheduleIdleCheck(long delayNanos, long idleNanos) {
    long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos));
    idleTimer = vertx.setTimer(delayMillis, id -> {
      if (closed) {
        return;
      }
      long silentFor = System.nanoTime() - lastFrameNanos;
      if (silentFor >= idleNanos) {
        close(ErrorCode.READ_TIMEOUT);
      } else {
        scheduleIdleCheck(idleNanos - silentFor, idleNanos);
      }
    });
  }

  @Override
  public String toString() {
    return "ClientConnection[" + socket.remoteAddress() + ", " + protocol.subProtocol() + ", " + sessions.keySet()
      + "]";
  }
}
