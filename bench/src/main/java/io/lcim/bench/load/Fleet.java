package io.lcim.bench.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The clients of one run: logged in together (at a bounded concurrency) and closed together. */
final class Fleet {

  final List<BenchClient> clients;
  private final boolean[] online;

  private Fleet(List<BenchClient> clients, boolean[] online) {
    this.clients = clients;
    this.online = online;
  }

  /**
   * Creates {@code count} clients with peer ids {@code <prefix>-<i>}, spread over the loops, and logs each in on
   * its own socket; a failed login is counted in {@code stats} by its error kind and leaves that client offline.
   */
  static Fleet login(ClientLoops loops, URI uri, String appId, RunStats stats, String prefix, int count,
                     int concurrency, BenchClient.DeliveryListener listener) {
    List<BenchClient> clients = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BenchClient client = new BenchClient(i, prefix + "-" + i, loops.context(i), stats);
      client.listen(listener);
      clients.add(client);
    }
    List<AsyncResult<Void>> results = Throttle.run(count, concurrency,
      i -> clients.get(i).onContext(() -> clients.get(i).login(loops.webSockets, uri, appId)));
    boolean[] online = new boolean[count];
    int reported = 0;
    for (int i = 0; i < count; i++) {
      AsyncResult<Void> result = results.get(i);
      online[i] = result.succeeded();
      if (result.failed()) {
        stats.error(result.cause() instanceof BenchClient.ProtocolError error ? error.kind()
          : "connect-failed");
        if (!(result.cause() instanceof BenchClient.ProtocolError) && reported++ < 3) {
          System.err.println("login of " + clients.get(i).peerId + " failed: " + result.cause());
        }
      }
    }
    return new Fleet(clients, online);
  }

  boolean online(int index) {
    return online[index];
  }

  int onlineCount() {
    int count = 0;
    for (boolean up : online) {
      count += up ? 1 : 0;
    }
    return count;
  }

  /** Closes every socket (the receivers send their last delivery acks first). */
  void closeAll(int concurrency) {
    Throttle.run(clients.size(), concurrency,
      i -> clients.get(i).onContext(() -> clients.get(i).close().recover(e -> Future.succeededFuture())));
  }
}
