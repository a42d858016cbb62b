package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.lcim.gateway.GatewayTestBase.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ordered handling and read back-pressure of one socket, with a frame handler the test controls; its idle and
 * login deadlines as the node's sweep sees them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ClientConnectionTest {

  private static final int FRAMES = ClientConnection.MAX_QUEUED_FRAMES + 44;
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(360);
  private static final long LOGIN_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final ClientConnection.FrameHandler IGNORE_FRAMES = (c, payload, text) -> Future.succeededFuture();

  @Test
  void pausesReadingWhileTooManyFramesWaitAndResumesWhenTheyDrain(Vertx vertx) throws Exception {
    Promise<Void> firstFrameDone = Promise.promise();
    List<Integer> handled = new CopyOnWriteArrayList<>();
    CompletableFuture<ClientConnection> connection = new CompletableFuture<>();
    CompletableFuture<Context> serverContext = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .webSocketHandler(socket -> {
        ClientConnection.FrameHandler frames = (conn, payload, text) -> {
          handled.add(payload.getInt(0));
          // The first frame stays "in progress" until the test lets it finish; everything queues behind it.
          return handled.size() == 1 ? firstFrameDone.future() : Future.succeededFuture();
        };
        ClientConnection c = new ClientConnection(WireProtocol.PROTOBUF_3, host(frames));
        c.start(socket, new ClientChannel.Settings((ContextInternal) Vertx.currentContext(), 1 << 16));
        serverContext.complete(Vertx.currentContext());
        connection.complete(c);
      });
    await(server.listen());
    WebSocketClient client = TestClient.newWebSocketClient(vertx);
    WebSocket socket = await(client.connect(server.actualPort(), "127.0.0.1", "/"));

    for (int n = 0; n < FRAMES; n++) {
      socket.writeBinaryMessage(Buffer.buffer().appendInt(n));
    }
    Context context = serverContext.get();
    ClientConnection c = connection.get();
    waitUntil(context, () -> c.queuedFrames() > ClientConnection.MAX_QUEUED_FRAMES);

    // Reading stopped at the limit: the rest of the frames wait in the transport, not in our queue.
    assertThat(onContext(context, c::isReadingPaused)).isTrue();
    assertThat(onContext(context, c::queuedFrames)).isEqualTo(ClientConnection.MAX_QUEUED_FRAMES + 1);
    assertThat(handled).containsExactly(0);

    context.runOnContext(v -> firstFrameDone.complete());
    waitUntil(context, () -> handled.size() == FRAMES);

    assertThat(handled).isSorted().hasSize(FRAMES).doesNotHaveDuplicates();
    assertThat(onContext(context, c::isReadingPaused)).isFalse();
    assertThat(onContext(context, c::queuedFrames)).isZero();
    await(client.close()); // also keeps the client reachable until here: Vert.x closes clients that become garbage
  }

  @Test
  void isDueForTheLoginTimeoutOnlyOnceItHasPassedWithoutASession() {
    long before = System.nanoTime();
    ClientConnection c = new ClientConnection(WireProtocol.PROTOBUF_3, host(IGNORE_FRAMES));
    long after = System.nanoTime();

    assertThat(c.expired(before + LOGIN_NANOS - 1, IDLE_NANOS, LOGIN_NANOS)).isNull();
    assertThat(c.expired(after + LOGIN_NANOS, IDLE_NANOS, LOGIN_NANOS)).isEqualTo(ErrorCode.LOGIN_TIMEOUT);

    c.addSession(new ClientSession(new SessionIds("test"), 1, "Tom", null, null, c));
    assertThat(c.expired(after + LOGIN_NANOS, IDLE_NANOS, LOGIN_NANOS)).isNull();
    c.removeSession(c.firstSession());
    // A socket that once had a session is no longer subject to the login timeout, only to the idle one.
    assertThat(c.expired(after + LOGIN_NANOS, IDLE_NANOS, LOGIN_NANOS)).isNull();
  }

  @Test
  void everyFrameRestartsTheIdleDeadline() {
    long opened = System.nanoTime();
    ClientConnection c = new ClientConnection(WireProtocol.PROTOBUF_3, host(IGNORE_FRAMES));
    c.addSession(new ClientSession(new SessionIds("test"), 1, "Tom", null, null, c));
    assertThat(c.expired(opened + IDLE_NANOS + 1_000_000, IDLE_NANOS, LOGIN_NANOS))
      .isEqualTo(ErrorCode.READ_TIMEOUT);

    long beforeFrame = System.nanoTime();
    c.frame(Buffer.buffer(new byte[]{1}));
    long afterFrame = System.nanoTime();

    assertThat(c.expired(beforeFrame + IDLE_NANOS - 1, IDLE_NANOS, LOGIN_NANOS)).isNull();
    assertThat(c.expired(afterFrame + IDLE_NANOS, IDLE_NANOS, LOGIN_NANOS)).isEqualTo(ErrorCode.READ_TIMEOUT);
    assertThat(c.queuedFrames()).isZero();
  }

  private static ClientConnection.Host host(ClientConnection.FrameHandler frames) {
    return new ClientConnection.Host() {
      @Override
      public ClientConnection.FrameHandler frames() {
        return frames;
      }

      @Override
      public void closed(ClientConnection connection) {
      }
    };
  }

  private static <T> T onContext(Context context, Supplier<T> read) {
    CompletableFuture<T> value = new CompletableFuture<>();
    context.runOnContext(v -> value.complete(read.get()));
    return value.join();
  }

  private static void waitUntil(Context context, Supplier<Boolean> condition) throws InterruptedException {
    for (int attempt = 0; attempt < 200; attempt++) {
      if (onContext(context, condition)) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("condition not reached");
  }
}
