package io.lcim.common.testing;

import io.lcim.common.Commands;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A minimal LeanCloud-protocol client over {@code lc.protobuf2.3} for Java tests: requests get a serial id and a
 * future of their response; pushes are queued and can be awaited by predicate.
 */
public final class LcWireClient {

  private final Vertx vertx;
  private final WebSocket socket;
  private final Map<Integer, Promise<GenericCommand>> pending = new ConcurrentHashMap<>();
  private final List<GenericCommand> pushes = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private int nextSerial = 1;

  private record Waiter(Predicate<GenericCommand> predicate, Promise<GenericCommand> promise) {
  }

  private LcWireClient(Vertx vertx, WebSocket socket) {
    this.vertx = vertx;
    this.socket = socket;
    socket.binaryMessageHandler(this::onFrame);
  }

  public static Future<LcWireClient> connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/")
      .addSubProtocol("lc.protobuf2.3");
    return client.connect(options).map(ws -> new LcWireClient(vertx, ws));
  }

  /** Opens a session for {@code clientId}; fails if the server answers anything but {@code session/opened}. */
  public Future<GenericCommand> open(String appId, String clientId) {
    return request(GenericCommand.newBuilder().setCmd(CommandType.session).setOp(OpType.open).setAppId(appId)
      .setPeerId(clientId).setSessionMessage(SessionCommand.newBuilder().setUa("js/4.3.1").setR(false)))
      .compose(reply -> reply.getOp() == OpType.opened ? Future.succeededFuture(reply)
        : Future.failedFuture("open refused: " + reply));
  }

  /** Sends {@code command} with a fresh {@code i}; completes with the response (which may be an error command). */
  public synchronized Future<GenericCommand> request(GenericCommand.Builder command) {
    int serial = nextSerial++;
    Promise<GenericCommand> promise = Promise.promise();
    pending.put(serial, promise);
    socket.writeBinaryMessage(Commands.toBuffer(command.setI(serial).build()));
    return promise.future();
  }

  /** Sends {@code command} as is (no {@code i}: receiver acks, reads, or raw tests). */
  public Future<Void> send(GenericCommand command) {
    return socket.writeBinaryMessage(Commands.toBuffer(command));
  }

  public Future<Void> sendRaw(Buffer frame) {
    return socket.writeBinaryMessage(frame);
  }

  /** The first push (already received or still to come) matching {@code predicate}; it is consumed. */
  public synchronized Future<GenericCommand> nextPush(Predicate<GenericCommand> predicate, long timeoutMillis) {
    for (Iterator<GenericCommand> it = pushes.iterator(); it.hasNext(); ) {
      GenericCommand push = it.next();
      if (predicate.test(push)) {
        it.remove();
        return Future.succeededFuture(push);
      }
    }
    Promise<GenericCommand> promise = Promise.promise();
    Waiter waiter = new Waiter(predicate, promise);
    waiters.add(waiter);
    vertx.setTimer(timeoutMillis, t -> {
      synchronized (this) {
        if (waiters.remove(waiter)) {
          promise.tryFail("no matching push within " + timeoutMillis + " ms; received " + pushes);
        }
      }
    });
    return promise.future();
  }

  public synchronized List<GenericCommand> receivedPushes() {
    return List.copyOf(pushes);
  }

  public WebSocket socket() {
    return socket;
  }

  public Future<Void> close() {
    return socket.close();
  }

  private void onFrame(Buffer frame) {
    GenericCommand command = Commands.parse(frame);
    if (command.getI() != 0) {
      Promise<GenericCommand> promise = pending.remove(command.getI());
      if (promise != null) {
        promise.complete(command);
        return;
      }
    }
    synchronized (this) {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter waiter = it.next();
        if (waiter.predicate().test(command)) {
          it.remove();
          waiter.promise().complete(command);
          return;
        }
      }
      pushes.add(command);
    }
  }
}
