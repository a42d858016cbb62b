package io.lcim.gateway;

import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One client WebSocket: its wire format, the sessions opened on it (in opening order) and the queue that makes its
 * frames run strictly one after another. Confined to the gateway verticle's event loop.
 *
 * <p>A gateway holds tens of thousands of these, mostly idle, so each one is kept small: the socket is a bare Netty
 * channel ({@link ClientChannel}), there is no timer of its own (the node's {@link TimeoutSweep} checks the idle and
 * login deadlines), what all sockets share is one {@link Host}, the sessions are held inline (most sockets carry
 * exactly one) and no frame queue object exists while no frame is pending.
 */
public final class ClientConnection {

  /** Handles one frame; the next frame of the same socket starts only when the returned future completes. */
  @FunctionalInterface
  interface FrameHandler {
    Future<?> handle(ClientConnection connection, Buffer payload, boolean text);
  }

  /** What all connections of a node share: one object instead of a handler and a close callback per socket. */
  interface Host {
    FrameHandler frames();

    /** Runs once when the socket is gone. */
    void closed(ClientConnection connection);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

  /** Frames waiting beyond this pause the socket, so a flooding client queues in TCP instead of our heap. */
  static final int MAX_QUEUED_FRAMES = 256;
  /** Reading resumes once the backlog is this small again. */
  static final int RESUME_QUEUED_FRAMES = 32;
  static final String RESTARTING = "the server is restarting: send again once reconnected";

  private final WireProtocol protocol;
  private final Host host;
  private final long openedNanos;
  private ClientChannel channel;
  private long lastFrameNanos;
  /** Null, the only session, or an array of them in opening order: see {@link SessionSlots}. */
  private Object sessions;
  /** The last frame's handling, or null once every frame received has been handled. */
  private Future<?> lastFrame;
  private int queuedFrames;
  private boolean paused;
  private boolean closed;
  private boolean closing;
  private boolean draining;
  private boolean sessionEverOpened;
  /** The node's list of connections ({@link LocalSessions}) links through these. */
  ClientConnection previous;
  ClientConnection next;

  ClientConnection(WireProtocol protocol, Host host) {
    this.protocol = protocol;
    this.host = host;
    this.openedNanos = System.nanoTime();
    this.lastFrameNanos = openedNanos;
  }

  /** Takes {@code socket} over from Vert.x right after its handshake ({@link ClientChannel}) and reads from it. */
  void start(ServerWebSocket socket, ClientChannel.Settings settings) {
    channel = ClientChannel.takeOver(socket, settings, this);
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
    if (protocol.base64Text()) {
      channel.writeText(FrameCodec.encodeText(command));
    } else {
      channel.writeBinary(command.toByteArray());
    }
    // Writes on one channel go out in order; one that fails closes the channel, which the close handling cleans up.
    return Future.succeededFuture();
  }

  /** Closes with a LeanCloud close code, whose name is the reason. */
  public Future<Void> close(ErrorCode code) {
    if (closed || closing) {
      return Future.succeededFuture();
    }
    closing = true;
    return channel.close(code.code(), code.name());
  }

  /** Closes normally (1000); completes once the socket is closed. */
  public Future<Void> close() {
    if (closed || closing) {
      return Future.succeededFuture();
    }
    closing = true;
    return channel.close(-1, null);
  }

  /**
   * The close code due for this socket at {@code nowNanos}, or null: 4108 when it has opened no session within the
   * login timeout, 4107 when it has been silent for the idle timeout. Checked by the node's {@link TimeoutSweep}.
   */
  ErrorCode expired(long nowNanos, long idleNanos, long loginNanos) {
    if (closed || closing) {
      return null;
    }
    if (!sessionEverOpened && nowNanos - openedNanos >= loginNanos) {
      return ErrorCode.LOGIN_TIMEOUT;
    }
    return nowNanos - lastFrameNanos >= idleNanos ? ErrorCode.READ_TIMEOUT : null;
  }

  /**
   * Stops handling new frames; completes once the frames already received have been handled (their responses
   * written), so that a stopping node answers what it has accepted before it says goaway.
   */
  Future<Void> drain() {
    draining = true;
    return lastFrame == null ? Future.succeededFuture()
      : lastFrame.<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  // --- sessions on this socket ---

  /** This socket's session of {@code clientId}, or null. */
  public ClientSession session(String clientId) {
    return SessionSlots.find(sessions, clientId);
  }

  /** The session a command without {@code peerId} belongs to: the first one opened on this socket, or null. */
  public ClientSession firstSession() {
    return SessionSlots.first(sessions);
  }

  /**
   * The session a client command acts for, or null: the one of its {@code peerId} on this socket, or the first
   * session when the SDK left {@code peerId} out (it does so while only one client shares the socket).
   */
  public ClientSession sessionFor(GenericCommand command) {
    return command.hasPeerId() && !command.getPeerId().isEmpty() ? session(command.getPeerId()) : firstSession();
  }

  /** A copy, in opening order. */
  public List<ClientSession> sessions() {
    return SessionSlots.list(sessions);
  }

  void addSession(ClientSession session) {
    sessions = SessionSlots.put(sessions, session);
    sessionEverOpened = true;
  }

  boolean removeSession(ClientSession session) {
    Object remaining = SessionSlots.remove(sessions, session);
    if (remaining == sessions) {
      return false;
    }
    sessions = remaining;
    return true;
  }

  // --- ordered frame processing ---

  /** A whole message from the client: a String for a text message, a Buffer for a binary one. */
  void frame(Object message) {
    if (message instanceof String text) {
      enqueue(Buffer.buffer(text), true);
    } else {
      enqueue((Buffer) message, false);
    }
  }

  void channelClosed(Void ignored) {
    closed = true;
    host.closed(this);
  }

  private void enqueue(Buffer payload, boolean text) {
    if (draining) {
      refuseWhileDraining(payload, text);
      return;
    }
    lastFrameNanos = System.nanoTime();
    queuedFrames++;
    if (queuedFrames > MAX_QUEUED_FRAMES && !paused) {
      paused = true;
      channel.pause();
    }
    Future<?> previous = lastFrame == null ? Future.succeededFuture() : lastFrame;
    Future<?> handled = previous
      .transform(done -> closed ? Future.succeededFuture() : handleSafely(payload, text))
      .andThen(done -> frameDone());
    // The handling may have finished already (then frameDone has run): keep nothing for an empty queue.
    lastFrame = queuedFrames == 0 ? null : handled;
  }

  private void frameDone() {
    queuedFrames--;
    if (queuedFrames == 0) {
      lastFrame = null;
    }
    if (paused && queuedFrames <= RESUME_QUEUED_FRAMES) {
      paused = false;
      channel.resume();
    }
  }

  private Future<?> handleSafely(Buffer payload, boolean text) {
    try {
      return host.frames().handle(this, payload, text).recover(e -> {
        LOG.warn("Frame handling failed on {}", channel.remoteAddress(), e);
        return Future.succeededFuture();
      });
    } catch (RuntimeException e) {
      LOG.warn("Frame handling failed on {}", channel.remoteAddress(), e);
      return Future.succeededFuture();
    }
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

  @Override
  public String toString() {
    return "ClientConnection[" + channel.remoteAddress() + ", " + protocol.subProtocol() + ", " + sessions() + "]";
  }
}
