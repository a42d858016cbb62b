package io.lcim.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lcim.gateway.GatewayTestBase.await;

/**
 * A raw protocol client for tests: encodes GenericCommands itself, numbers requests like the SDK (per-socket
 * counter from 1), and sorts what arrives into responses (by {@code i}) and pushes (no {@code i}). Its blocking
 * helpers run on the test thread, never on an event loop.
 */
final class TestClient {

  static final long WAIT_SECONDS = 10;

  private final WebSocket socket;
  private final boolean base64;
  private final AtomicInteger serial = new AtomicInteger();
  private final Map<Integer, CompletableFuture<GenericCommand>> responses = new ConcurrentHashMap<>();
  private final BlockingQueue<GenericCommand> pushes = new LinkedBlockingQueue<>();
  private final AtomicInteger framesInWrongFormat = new AtomicInteger();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  private volatile long closedAtNanos;

  private TestClient(WebSocket socket, boolean base64) {
    this.socket = socket;
    this.base64 = base64;
    socket.binaryMessageHandler(buffer -> received(buffer.getBytes(), false));
    socket.textMessageHandler(text -> received(Base64.getDecoder().decode(text), true));
    socket.closeHandler(v -> {
      closedAtNanos = System.nanoTime();
      closed.complete(socket.closeStatusCode());
    });
  }

  /** Keep the returned client referenced: Vert.x closes a WebSocketClient that becomes garbage. */
  static WebSocketClient newWebSocketClient(Vertx vertx) {
    return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
      .setMaxMessageSize(1 << 20));
  }

  static Future<WebSocket> open(WebSocketClient client, int port, String uri, List<String> subProtocols) {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
      .setSubProtocols(subProtocols));
  }

  static TestClient connect(WebSocketClient client, int port, String uri, List<String> subProtocols,
                            boolean base64) {
    return new TestClient(await(open(client, port, uri, subProtocols)), base64);
  }

  static TestClient connect(WebSocketClient client, int port) {
    return connect(client, port, "/", List.of(WireProtocol.PROTOBUF_3.subProtocol()), false);
  }

  WebSocket socket() {
    return socket;
  }

  /** Responses and pushes that arrived as the other frame type than the negotiated format asks for. */
  int framesInWrongFormat() {
    return framesInWrongFormat.get();
  }

  /** Sends as is: no {@code i} is added. */
  void send(GenericCommand command) {
    byte[] bytes = command.toByteArray();
    await(base64 ? socket.writeTextMessage(Base64.getEncoder().encodeToString(bytes))
      : socket.writeBinaryMessage(Buffer.buffer(bytes)));
  }

  /** Sends with the next serial id and returns that id. */
  int sendRequest(GenericCommand command) {
    int i = serial.incrementAndGet();
    send(command.toBuilder().setI(i).build());
    return i;
  }

  GenericCommand response(int i) {
    try {
      return future(i).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no response with i=" + i, e);
    }
  }

  /** Sends with the next serial id and waits for the response carrying it. */
  GenericCommand request(GenericCommand command) {
    return response(sendRequest(command));
  }

  GenericCommand nextPush() {
    try {
      GenericCommand push = pushes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (push == null) {
        throw new AssertionError("no push arrived");
      }
      return push;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Pushes (frames without i) received and not yet taken. */
  int pendingPushes() {
    return pushes.size();
  }

  /** The close code once the server closed the socket. */
  short awaitClose() {
    try {
      return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket was not closed", e);
    }
  }

  /** {@link System#nanoTime()} when the close arrived; valid once {@link #awaitClose()} has returned. */
  long closedAtNanos() {
    return closedAtNanos;
  }

  boolean isClosed() {
    return closed.isDone();
  }

  GenericCommand open(String appId, String clientId) {
    return request(openCommand(appId, clientId, SessionCommand.newBuilder().setR(false).build()));
  }

  static GenericCommand openCommand(String appId, String clientId, SessionCommand login) {
    GenericCommand.Builder open = GenericCommand.newBuilder().setCmd(CommandType.session).setOp(OpType.open)
      .setAppId(appId).setSessionMessage(login);
    if (clientId != null) {
      open.setPeerId(clientId);
    }
    return open.build();
  }

  void close() {
    if (!socket.isClosed()) {
      await(socket.close());
    }
  }

  private CompletableFuture<GenericCommand> future(int i) {
    return responses.computeIfAbsent(i, k -> new CompletableFuture<>());
  }

  private void received(byte[] bytes, boolean text) {
    if (text != base64) {
      framesInWrongFormat.incrementAndGet();
    }
    GenericCommand command;
    try {
      command = GenericCommand.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("server sent an undecodable frame", e);
    }
    if (command.getI() != 0) {
      future(command.getI()).complete(command);
    } else {
      pushes.add(command);
    }
  }
}
