package io.lcim.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The client side of {@link GatewayHeapHarnessTest}, run as its own process so that the gateway's heap holds no
 * client object: after a warm-up round (connect, log in, close), opens N WebSockets (phase 1), logs each in like
 * the JS SDK's first {@code createIMClient} (phase 2), keeps them open until told to exit. Talks to the harness
 * over stdin/stdout; its own lines start with
 * {@value #PREFIX}, anything else on stdout is logging.
 *
 * <p>Arguments: {@code port count concurrency offerCompression warmupCount}. Commands on stdin: {@code connect},
 * {@code login}, {@code exit}.
 */
public final class HarnessClients {

  static final String PREFIX = "HARNESS ";
  private static final String APP_ID = GatewayTestBase.APP_ID;

  private final WebSocketClient client;
  private final int port;
  private final int count;
  private final int concurrency;
  private final String idPrefix;
  private final AtomicReferenceArray<WebSocket> sockets;
  private final AtomicReferenceArray<Promise<GenericCommand>> logins;

  private HarnessClients(WebSocketClient client, int port, int count, int concurrency, String idPrefix) {
    this.client = client;
    this.port = port;
    this.count = count;
    this.concurrency = concurrency;
    this.idPrefix = idPrefix;
    this.sockets = new AtomicReferenceArray<>(count);
    this.logins = new AtomicReferenceArray<>(count);
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    int concurrency = Integer.parseInt(args[2]);
    boolean compression = Boolean.parseBoolean(args[3]);
    int warmup = Integer.parseInt(args[4]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(count + warmup + 16)
      .setConnectTimeout(60_000)
      // Browsers and Node's ws always offer permessage-deflate; offering it here shows what accepting it costs.
      .setTryUsePerMessageCompression(compression));
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    // Both JVMs compile the hot paths during a warm-up round, so that the measured round shows steady-state cost.
    HarnessClients warm = new HarnessClients(client, port, warmup, concurrency, "warmup-");
    warm.run(warm::connect);
    warm.run(warm::login);
    warm.close();
    System.out.println(PREFIX + "warmed " + processCpuNanos());
    System.out.flush();

    HarnessClients clients = new HarnessClients(client, port, count, concurrency, "client-");
    expect(commands, "connect");
    long start = System.nanoTime();
    int failed = clients.run(clients::connect);
    report("connected", count - failed, start, failed);
    expect(commands, "login");
    start = System.nanoTime();
    failed = clients.run(clients::login);
    report("logged-in", count - failed, start, failed);
    expect(commands, "exit");
    System.exit(0);
  }

  /** One line: phase, successes, wall-clock micros, failures, this process's CPU nanos so far. */
  private static void report(String phase, int done, long startNanos, int failed) {
    long micros = (System.nanoTime() - startNanos) / 1000;
    System.out.println(PREFIX + phase + " " + done + " " + micros + " " + failed + " " + processCpuNanos());
    System.out.flush();
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
      .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void expect(BufferedReader commands, String command) throws Exception {
    String line;
    while ((line = commands.readLine()) != null) {
      if (line.trim().equals(command)) {
        return;
      }
    }
    System.exit(0); // the harness went away
  }

  /** Runs {@code step} for every index with at most {@code concurrency} in flight; returns how many failed. */
  private int run(java.util.function.IntFunction<Future<?>> step) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(worker(step, next, failures));
    }
    Future.join(workers).toCompletionStage().toCompletableFuture().get();
    return failures.get();
  }

  private Future<Void> worker(java.util.function.IntFunction<Future<?>> step, AtomicInteger next,
                              AtomicInteger failures) {
    int index = next.getAndIncrement();
    if (index >= count) {
      return Future.succeededFuture();
    }
    return step.apply(index).transform(ar -> {
      if (ar.failed()) {
        if (failures.incrementAndGet() <= 5) {
          System.err.println("step " + index + " failed: " + ar.cause());
        }
      }
      return worker(step, next, failures);
    });
  }

  private Future<WebSocket> connect(int index) {
    Promise<GenericCommand> login = Promise.promise();
    logins.set(index, login);
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/")
        .setSubProtocols(List.of(WireProtocol.PROTOBUF_3.subProtocol())))
      .onSuccess(socket -> {
        sockets.set(index, socket);
        socket.binaryMessageHandler(frame -> received(login, frame));
      });
  }

  /** Closes every socket, a few at a time, so that the gateway's clean-up of a whole round does not pile up. */
  private void close() throws Exception {
    for (int index = 0; index < count; index++) {
      WebSocket socket = sockets.get(index);
      if (socket != null) {
        socket.close().toCompletionStage().toCompletableFuture().get();
      }
    }
  }

  private Future<GenericCommand> login(int index) {
    WebSocket socket = sockets.get(index);
    if (socket == null) {
      return Future.failedFuture("not connected");
    }
    Promise<GenericCommand> login = logins.get(index);
    socket.writeBinaryMessage(Buffer.buffer(openCommand(idPrefix + index).toByteArray()));
    return login.future().compose(response -> response.getOp() == OpType.opened
      ? Future.succeededFuture(response) : Future.failedFuture("refused: " + response));
  }

  /** What JS SDK 4.3.1 sends for a first {@code createIMClient(clientId)} (docs/protocol.md §3.1). */
  private static GenericCommand openCommand(String clientId) {
    return GenericCommand.newBuilder().setCmd(CommandType.session).setOp(OpType.open).setAppId(APP_ID)
      .setPeerId(clientId).setI(1)
      .setSessionMessage(SessionCommand.newBuilder().setUa("js/4.3.1").setR(false)
        .setDeviceId(UUID.randomUUID().toString()).setLastPatchTime(System.currentTimeMillis()).setConfigBitmap(59))
      .build();
  }

  private static void received(Promise<GenericCommand> login, Buffer frame) {
    try {
      GenericCommand command = GenericCommand.parseFrom(frame.getBytes());
      if (command.getI() == 1) {
        login.tryComplete(command);
      }
    } catch (InvalidProtocolBufferException e) {
      login.tryFail(e);
    }
  }
}
