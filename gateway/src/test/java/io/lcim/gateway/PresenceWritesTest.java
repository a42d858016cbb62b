package io.lcim.gateway;

import io.lcim.common.PresenceRegistry;
import io.lcim.common.Stores;
import io.lcim.common.StoresConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login storm or a mass disconnect reaches Redis as a few batches: every write lands, and a burst becomes a
 * handful of round trips instead of one request per client queueing for the Redis pool (which, past its waiting
 * limit, refused logins and lost removals).
 */
@Timeout(60)
class PresenceWritesTest extends GatewayTestBase {

  private static final int CLIENTS = 3000;
  private static final String NODE = "presence-writes-node";

  @Test
  void aBurstOfRegistrationsAndRemovalsLandsInAFewBatches() {
    List<String> ids = IntStream.range(0, CLIENTS).mapToObj(n -> uniqueId("storm" + n)).toList();
    Context context = vertx.getOrCreateContext();
    // Like the gateway verticle: the Redis client and the writes live on one event loop.
    Redis storeOnContext = onContext(context, () -> Future.succeededFuture(Stores.redis(vertx,
      StoresConfig.from(baseConfig()))));
    PresenceRegistry registry = new PresenceRegistry(storeOnContext, 60_000);
    PresenceWrites writes = onContext(context, () -> Future.succeededFuture(new PresenceWrites(registry, NODE)));
    long setsBefore = setCalls();

    onContext(context, () -> eachOf(ids, writes::register));

    // One SET (node alive) per registration batch; the rest of the SETs are the test gateway's heartbeats.
    assertThat(setCalls() - setsBefore)
      .isBetween(1L, (long) CLIENTS / PresenceWrites.MAX_IDS_PER_BATCH + PresenceWrites.MAX_IN_FLIGHT + 3);
    assertThat(nodesHolding(registry, ids)).containsOnly(1);

    onContext(context, () -> eachOf(ids, writes::unregister));

    assertThat(nodesHolding(registry, ids)).containsOnly(0);
    await(storeOnContext.close());
  }

  /** Issues every write in one go, as a burst of logins or closes in one event-loop turn would. */
  private static Future<Void> eachOf(List<String> ids, Function<String, Future<Void>> write) {
    List<Future<Void>> writes = new ArrayList<>(ids.size());
    ids.forEach(id -> writes.add(write.apply(id)));
    return Future.all(writes).mapEmpty();
  }

  /** For each id, on how many live nodes it is present (asked in chunks, as Redis limits a batch). */
  private static List<Integer> nodesHolding(PresenceRegistry registry, List<String> ids) {
    List<Integer> counts = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      var byNode = await(registry.nodesOf(chunk));
      for (String id : chunk) {
        counts.add((int) byNode.values().stream().filter(holders -> holders.contains(id)).count());
      }
    }
    return counts;
  }

  private long setCalls() {
    String stats = await(redis.send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
    for (String line : stats.split("\r?\n")) {
      if (line.startsWith("cmdstat_set:")) {
        String calls = line.substring(line.indexOf("calls=") + "calls=".length());
        return Long.parseLong(calls.substring(0, calls.indexOf(',')));
      }
    }
    return 0;
  }

  private static <T> T onContext(Context context, Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(done));
    return await(done.future());
  }
}
