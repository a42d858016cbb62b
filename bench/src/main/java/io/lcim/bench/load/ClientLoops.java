package io.lcim.bench.load;

import io.lcim.bench.Blocking;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The bench's client side: a Vert.x instance with {@code --client-threads} event loops, one context pinned to each
 * (clients are spread over them round-robin), and one WebSocket client allowed as many sockets as there are
 * clients (Vert.x caps WebSockets per endpoint at 50 by default).
 */
final class ClientLoops implements AutoCloseable {

  final Vertx vertx;
  final WebSocketClient webSockets;
  private final List<Context> contexts = new CopyOnWriteArrayList<>();

  ClientLoops(int threads, int maxSockets) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads)
      // A bench loop may legitimately be busy for a while (thousands of sends due at once); do not warn about it.
      .setMaxEventLoopExecuteTime(10).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
    webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(Math.max(maxSockets, 1) + 16)
      .setConnectTimeout(20_000)
      .setMaxFrameSize(1024 * 1024)
      .setMaxMessageSize(1024 * 1024));
    // Each deployed instance gets its own event-loop context, on the loops in turn.
    Blocking.await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(threads)));
  }

  Context context(int clientIndex) {
    return contexts.get(clientIndex % contexts.size());
  }

  @Override
  public void close() {
    Blocking.await(webSockets.close().recover(e -> Future.succeededFuture()));
    Blocking.await(vertx.close());
  }
}
