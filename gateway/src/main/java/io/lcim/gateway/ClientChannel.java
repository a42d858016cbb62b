package io.lcim.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The Netty end of a client's WebSocket, in place of Vert.x's once Vert.x has done the handshake.
 *
 * <p>Why: Vert.x keeps two connection objects per WebSocket (the HTTP connection it was upgraded from and the
 * WebSocket one), each with an outbound queue whose first chunk alone is a 4 KiB array, plus request, response,
 * headers and inbound queues: about 13 KiB of heap per idle socket, most of a gateway's memory. Taking the socket
 * over right after the handshake leaves all of that to the garbage collector; what stays is Netty's channel (about
 * 2.5 KiB) and this handler. It does what Vert.x did for us: reassembles fragmented messages, answers pings, runs
 * the close handshake (with Vert.x's closing timeout) and holds messages back while reading is paused.
 *
 * <p>Runs on the channel's event loop, which is the gateway verticle's (Vert.x registers a server's connections on
 * the event loop of the context that handles them); frames and the close are handed to the {@link ClientConnection}
 * on the verticle's context. Vert.x's own HTTP server metrics do not see these sockets close.
 */
final class ClientChannel extends ChannelInboundHandlerAdapter {

  /** What every channel of a node shares. */
  record Settings(ContextInternal context, int maxMessageBytes) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(ClientChannel.class);
  /** Vert.x's default: how long a close frame we sent may go unanswered before we drop the connection. */
  static final long CLOSING_TIMEOUT_SECONDS = 10;
  private static final int NORMAL_CLOSURE = 1000;
  private static final int MESSAGE_TOO_BIG = 1009;

  private final Settings settings;
  private final ClientConnection connection;
  private ChannelHandlerContext ctx;
  /** A fragmented message being reassembled, or null. */
  private Buffer partial;
  private boolean partialText;
  /** Messages received while reading was paused, or null (it almost never is needed). */
  private ArrayDeque<Object> held;
  private boolean paused;
  private boolean closeSent;
  private ScheduledFuture<?> closingTimeout;

  private ClientChannel(Settings settings, ClientConnection connection) {
    this.settings = settings;
    this.connection = connection;
  }

  /**
   * Puts a new channel handler in the place of Vert.x's for {@code socket}, whose handshake Vert.x has just
   * completed; must run on the socket's event loop before it reads again (Vert.x calls the WebSocket handler
   * right after the handshake, in the same task).
   */
  static ClientChannel takeOver(ServerWebSocket socket, Settings settings, ClientConnection connection) {
    ChannelHandlerContext vertx = ((WebSocketInternal) socket).channelHandlerContext();
    ClientChannel channel = new ClientChannel(settings, connection);
    vertx.pipeline().replace(vertx.handler(), "lcim-client", channel);
    return channel;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  /** Writes one message; a failed write closes the channel (see {@link #exceptionCaught}). */
  void writeBinary(byte[] payload) {
    ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)), ctx.voidPromise());
  }

  void writeText(String payload) {
    ctx.writeAndFlush(new TextWebSocketFrame(payload), ctx.voidPromise());
  }

  /**
   * Starts the close handshake with {@code code} and {@code reason} (or a normal closure for a negative code);
   * completes once the connection is closed: when the client has answered, or after the closing timeout.
   */
  Future<Void> close(int code, String reason) {
    Promise<Void> closed = settings.context().promise();
    ctx.channel().closeFuture().addListener(f -> closed.tryComplete());
    if (!closeSent && ctx.channel().isActive()) {
      closeSent = true;
      ctx.writeAndFlush(new CloseWebSocketFrame(code < 0 ? NORMAL_CLOSURE : code, reason)).addListener(written -> {
        if (ctx.channel().isActive()) {
          closingTimeout = ctx.executor().schedule(() -> ctx.close(), CLOSING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
      });
    }
    return closed.future();
  }

  /** Stops reading: messages already received are held back until {@link #resume()}. */
  void pause() {
    paused = true;
    ctx.channel().config().setAutoRead(false);
  }

  /** Hands over the messages held back, then reads again (unless they paused reading anew). */
  void resume() {
    paused = false;
    // Not from inside the caller's frame bookkeeping: on the next turn of the event loop.
    settings.context().runOnContext(v -> {
      while (!paused && held != null && !held.isEmpty()) {
        connection.frame(held.poll());
      }
      if (!paused) {
        ctx.channel().config().setAutoRead(true);
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (frame instanceof CloseWebSocketFrame) {
        closeReceived(frame);
      } else if (frame instanceof PingWebSocketFrame) {
        // RFC 6455 5.5.2: answer with the same application data.
        ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), ctx.voidPromise());
      } else if (!(frame instanceof PongWebSocketFrame)) {
        dataFrame(frame);
      }
    } finally {
      frame.release();
    }
  }

  private void closeReceived(WebSocketFrame close) {
    if (closeSent) {
      // The client's answer to our close: the handshake is complete.
      ctx.close();
    } else {
      closeSent = true;
      ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Text, binary and continuation frames: whole messages go to the connection, fragments are reassembled. */
  private void dataFrame(WebSocketFrame frame) {
    boolean continuation = frame instanceof ContinuationWebSocketFrame;
    if (!continuation && frame.isFinalFragment()) {
      partial = null; // a new message while another was unfinished: the unfinished one is dropped
      received(frame.content(), frame instanceof TextWebSocketFrame);
      return;
    }
    if (continuation && partial == null) {
      return; // a continuation of nothing
    }
    if (!continuation) {
      partial = Buffer.buffer();
      partialText = frame instanceof TextWebSocketFrame;
    }
    if (partial.length() + frame.content().readableBytes() > settings.maxMessageBytes()) {
      // As Vert.x did: the message is dropped, the socket stays.
      LOG.debug("Dropping a fragmented message over {} bytes from {}", settings.maxMessageBytes(), remoteAddress());
      partial = null;
      return;
    }
    partial.appendBytes(ByteBufUtil.getBytes(frame.content()));
    if (frame.isFinalFragment()) {
      Buffer message = partial;
      partial = null;
      deliver(partialText ? message.toString(StandardCharsets.UTF_8) : message);
    }
  }

  private void received(ByteBuf content, boolean text) {
    deliver(text ? content.toString(StandardCharsets.UTF_8) : Buffer.buffer(ByteBufUtil.getBytes(content)));
  }

  /** A whole message: a String for a text message, a Buffer for a binary one. */
  private void deliver(Object message) {
    if (paused) {
      if (held == null) {
        held = new ArrayDeque<>();
      }
      held.add(message);
    } else {
      settings.context().emit(message, connection::frame);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (closingTimeout != null) {
      closingTimeout.cancel(false);
    }
    partial = null;
    held = null;
    settings.context().emit(null, connection::channelClosed);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("WebSocket error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    if (cause instanceof CorruptedWebSocketFrameException corrupted && !closeSent && ctx.channel().isActive()) {
      // A frame over the size limit or a protocol violation: say why, then drop the connection.
      closeSent = true;
      int status = corrupted.closeStatus() == null ? MESSAGE_TOO_BIG : corrupted.closeStatus().code();
      ctx.writeAndFlush(new CloseWebSocketFrame(status, null)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    ReferenceCountUtil.release(event); // Vert.x's shutdown events: the gateway drains its sockets itself
  }
}
