package io.lcim.bench.load;

import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One simulated SDK client: its own WebSocket ({@code lc.protobuf2.3}, binary frames), one session, requests
 * matched to responses by serial id {@code i}, and the receiver's side of delivery: an {@code ack} with the
 * {@code fromts..tots} range per conversation, at most once a second, as the JS SDK sends it (docs/protocol.md §3.12).
 *
 * <p>Confined to its event-loop context: call everything through {@link #onContext}.
 */
final class BenchClient {

  /** Sees every message pushed to this client (never its own: those are counted as unexpected). */
  @FunctionalInterface
  interface DeliveryListener {
    void delivered(BenchClient receiver, DirectCommand direct, long receivedNanos);
  }

  static final String SUBPROTOCOL = "lc.protobuf2.3";
  /** As the SDK: a request without a response by then has failed. */
  static final long SETUP_TIMEOUT_MILLIS = 20_000;
  private static final long RECEIVER_ACK_MILLIS = 1000;

  final int index;
  final String peerId;
  final Context context;
  private final RunStats stats;
  private final Map<Integer, Promise<GenericCommand>> pending = new HashMap<>();
  /** Per conversation: {fromts, tots} of the deliveries not yet acknowledged. */
  private final Map<String, long[]> unacked = new LinkedHashMap<>();
  private DeliveryListener listener = (receiver, direct, nanos) -> { };
  private WebSocket socket;
  private int nextSerial = 1;
  private int inflightSends;
  private long ackTimer = -1;
  private boolean closing;

  BenchClient(int index, String peerId, Context context, RunStats stats) {
    this.index = index;
    this.peerId = peerId;
    this.context = context;
    this.stats = stats;
  }

  /** Runs {@code action} on this client's event loop. */
  <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  void listen(DeliveryListener listener) {
    this.listener = listener;
  }

  /** Opens the socket and the session; records the time to {@code session/opened} as the login latency. */
  Future<Void> login(WebSocketClient client, URI uri, String appId) {
    long started = System.nanoTime();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
      .setHost(uri.getHost()).setPort(uri.getPort()).setURI(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
      .setSsl("wss".equals(uri.getScheme())).addSubProtocol(SUBPROTOCOL);
    return client.connect(options).compose(ws -> {
      socket = ws;
      ws.binaryMessageHandler(this::onFrame);
      ws.exceptionHandler(e -> { });
      ws.closeHandler(v -> onClosed());
      // As the JS SDK's first login (docs/protocol.md §3.1); no tag, so sessions of one id never conflict.
      return request(GenericCommand.newBuilder().setCmd(CommandType.session).setOp(OpType.open).setAppId(appId)
        .setPeerId(peerId).setSessionMessage(SessionCommand.newBuilder().setUa("js/4.3.1").setR(false)
          .setDeviceId(UUID.randomUUID().toString()).setLastPatchTime(System.currentTimeMillis())
          .setConfigBitmap(59)), SETUP_TIMEOUT_MILLIS);
    }).compose(reply -> {
      String error = errorKind(reply);
      if (error != null || reply.getOp() != OpType.opened) {
        return Future.failedFuture(new ProtocolError(error == null ? "unexpected-reply" : error));
      }
      stats.loggedIn(System.nanoTime() - started);
      ackTimer = context.owner().setPeriodic(RECEIVER_ACK_MILLIS, id -> flushReceiverAcks());
      return Future.<Void>succeededFuture();
    });
  }

  /** Sends {@code command} with the next serial id; the reply may be an error command. */
  Future<GenericCommand> request(GenericCommand.Builder command, long timeoutMillis) {
    if (socket == null || closing) {
      return Future.failedFuture(new ProtocolError("closed"));
    }
    int serial = nextSerial++;
    Promise<GenericCommand> promise = Promise.promise();
    pending.put(serial, promise);
    socket.writeBinaryMessage(Buffer.buffer(command.setI(serial).build().toByteArray()));
    if (timeoutMillis > 0) {
      context.owner().setTimer(timeoutMillis, id -> {
        Promise<GenericCommand> late = pending.remove(serial);
        if (late != null) {
          late.fail(new ProtocolError("timeout"));
        }
      });
    }
    return promise.future();
  }

  /**
   * Sends one message without waiting for earlier acks; the ack (or error) is counted when it comes. The SDK's
   * fields: a fresh {@code dt} and {@code mentionAll: false} (docs/protocol.md §3.12). Fails when the server
   * refused it.
   */
  Future<Void> send(String cid, String msg) {
    long started = System.nanoTime();
    inflightSends++;
    stats.sent.increment();
    return request(GenericCommand.newBuilder().setCmd(CommandType.direct).setDirectMessage(DirectCommand.newBuilder()
      .setCid(cid).setMsg(msg).setDt(UUID.randomUUID().toString()).setMentionAll(false)), 0)
      .transform(ar -> {
        inflightSends--;
        long now = System.nanoTime();
        String error = ar.succeeded() ? errorKind(ar.result())
          : ar.cause() instanceof ProtocolError failed ? failed.kind() : "failed";
        if (error == null && ar.result().getCmd() == CommandType.ack) {
          stats.acked(now - started, now);
          return Future.<Void>succeededFuture();
        }
        stats.refused.increment();
        stats.error(error == null ? "unexpected-reply" : error);
        return Future.<Void>failedFuture(new ProtocolError(error == null ? "unexpected-reply" : error));
      });
  }

  int inflightSends() {
    return inflightSends;
  }

  /** Sends (a last time) the receiver acks, then closes the socket; outstanding requests are not errors then. */
  Future<Void> close() {
    flushReceiverAcks();
    closing = true;
    context.owner().cancelTimer(ackTimer);
    return socket == null ? Future.succeededFuture() : socket.close().recover(e -> Future.succeededFuture());
  }

  private void onFrame(Buffer frame) {
    GenericCommand command;
    try {
      command = GenericCommand.parseFrom(frame.getBytes());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      stats.error("undecodable-frame");
      return;
    }
    if (command.getI() != 0) {
      Promise<GenericCommand> promise = pending.remove(command.getI());
      if (promise != null) {
        promise.complete(command);
      } else {
        stats.error("unmatched-reply");
      }
      return;
    }
    onPush(command);
  }

  private void onPush(GenericCommand push) {
    switch (push.getCmd()) {
      case direct -> onDelivery(push.getDirectMessage());
      case goaway -> stats.error("goaway");
      case error -> stats.error(Integer.toString(push.getErrorMessage().getCode()));
      case session -> {
        if (push.getOp() == OpType.closed) {
          stats.error("kicked-" + push.getSessionMessage().getCode());
        }
      }
      default -> {
        // conv/joined, unread, rcp: nothing the bench counts
      }
    }
  }

  private void onDelivery(DirectCommand direct) {
    long now = System.nanoTime();
    if (direct.getFromPeerId().equals(peerId)) {
      stats.unexpected.increment();
      return;
    }
    unacked.merge(direct.getCid(), new long[] {direct.getTimestamp(), direct.getTimestamp()},
      (old, ts) -> new long[] {Math.min(old[0], ts[0]), Math.max(old[1], ts[1])});
    listener.delivered(this, direct, now);
  }

  private void flushReceiverAcks() {
    if (closing || socket == null) {
      return;
    }
    unacked.forEach((cid, range) -> socket.writeBinaryMessage(Buffer.buffer(GenericCommand.newBuilder()
      .setCmd(CommandType.ack).setPeerId(peerId)
      .setAckMessage(AckCommand.newBuilder().setCid(cid).setFromts(range[0]).setTots(range[1]))
      .build().toByteArray())));
    unacked.clear();
  }

  private void onClosed() {
    context.owner().cancelTimer(ackTimer);
    if (!closing) {
      // The server closed it: every unanswered request has failed.
      closing = true;
      stats.error("closed");
      pending.values().forEach(promise -> promise.tryFail(new ProtocolError("closed")));
    }
    pending.clear();
  }

  /** The error a reply carries ({@code cmd: error}, or an ack or session reply with a code), or null. */
  static String errorKind(GenericCommand reply) {
    if (reply.getCmd() == CommandType.error) {
      return Integer.toString(reply.getErrorMessage().getCode());
    }
    if (reply.hasAckMessage() && reply.getAckMessage().hasCode()) {
      return Integer.toString(reply.getAckMessage().getCode());
    }
    if (reply.hasSessionMessage() && reply.getSessionMessage().hasCode()) {
      return Integer.toString(reply.getSessionMessage().getCode());
    }
    return null;
  }

  /** A failed request: an error code, {@code timeout} or {@code closed}. */
  static final class ProtocolError extends RuntimeException {
    private final String kind;

    ProtocolError(String kind) {
      super(kind, null, false, false);
      this.kind = kind;
    }

    String kind() {
      return kind;
    }
  }
}
