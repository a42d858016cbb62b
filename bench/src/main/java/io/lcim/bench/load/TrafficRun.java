package io.lcim.bench.load;

import io.lcim.bench.Blocking;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.JsonObjectMessage;
import io.lcim.common.proto.OpType;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One round of chat traffic ({@code pairs} or {@code groups}): log the clients in, create the conversations, send
 * at the target rate for the duration, drain for at most {@code --drain} seconds, and report one JSON line.
 */
final class TrafficRun {

  /** How often each event loop's pacer wakes; sends due in between go out together. */
  private static final long TICK_MILLIS = 5;
  /** Gap between the end of set-up and the first send, so set-up pushes (conv/joined) are out of the way. */
  private static final long SETTLE_MILLIS = 300;

  private final LoadOptions options;
  private final ServerTarget target;
  private final ClientLoops loops;
  private final int round;
  private final boolean groups;
  private final String tag;
  private final RunStats stats = new RunStats();
  /** Per receiving client: the messages it got; each set is touched only on that client's event loop. */
  private final Map<Integer, Set<Long>> seen = new ConcurrentHashMap<>();

  TrafficRun(LoadOptions options, ServerTarget target, ClientLoops loops, int round, String runId) {
    this.options = options;
    this.target = target;
    this.loops = loops;
    this.round = round;
    this.groups = options.trafficMode().equals("groups");
    this.tag = runId + "r" + round;
  }

  JsonObject run() {
    int count = groups ? (options.clients() / options.groupSize()) * options.groupSize()
      : options.clients() / 2 * 2;
    if (count == 0) {
      throw new IllegalArgumentException("--clients must hold at least one group of --group-size");
    }
    System.err.printf("%s round %d: logging in %d clients%n", options.trafficMode(), round, count);
    for (int i = 0; i < count; i++) {
      seen.put(i, new HashSet<>());
    }
    Fleet fleet = Fleet.login(loops, target.webSocketUri(), options.appId(), stats, "lb-" + tag, count,
      options.concurrency(), this::delivered);
    List<Sender> senders = groups ? groupSenders(fleet) : pairSenders(fleet);
    System.err.printf("%s round %d: %d online, %d senders, %.0f msg/s for %d s%n", options.trafficMode(), round,
      fleet.onlineCount(), senders.size(), options.rate(), options.durationSeconds());
    Blocking.sleep(SETTLE_MILLIS);
    CpuWindow window = CpuWindow.start(target);
    pace(senders, window.startNanos());
    drain(senders);
    window.end();
    long sent = stats.sent.sum();
    stats.error("ack-timeout", sent - stats.acked.sum() - stats.refused.sum());
    fleet.closeAll(options.concurrency());
    return line(fleet, senders, window);
  }

  /** Receivers: count each message once per receiver, and time it from its send. */
  private void delivered(BenchClient receiver, DirectCommand direct, long now) {
    Payload.Decoded message = Payload.decode(direct.getMsg());
    if (message == null || !message.tag().equals(tag)) {
      stats.unexpected.increment();
    } else if (seen.get(receiver.index).add(message.key())) {
      stats.delivered(now - message.sentNanos(), now);
    } else {
      stats.duplicates.increment();
    }
  }

  private List<Sender> pairSenders(Fleet fleet) {
    List<int[]> pairs = new ArrayList<>();
    for (int a = 0; a + 1 < fleet.clients.size(); a += 2) {
      if (fleet.online(a) && fleet.online(a + 1)) {
        pairs.add(new int[] {a, a + 1});
      }
    }
    List<String> cids = startConversations(fleet, pairs, true);
    List<Sender> senders = new ArrayList<>();
    for (int p = 0; p < pairs.size(); p++) {
      if (cids.get(p) != null) {
        senders.add(sender(fleet.clients.get(pairs.get(p)[0]), cids.get(p), 1));
        if (options.bothDirections()) {
          senders.add(sender(fleet.clients.get(pairs.get(p)[1]), cids.get(p), 1));
        }
      }
    }
    return senders;
  }

  /** One conversation per group, created and sent to by its first member; online members receive. */
  private List<Sender> groupSenders(Fleet fleet) {
    List<int[]> groupList = new ArrayList<>();
    for (int first = 0; first < fleet.clients.size(); first += options.groupSize()) {
      if (fleet.online(first)) {
        groupList.add(IntStream.range(first, first + options.groupSize()).toArray());
      }
    }
    List<String> cids = startConversations(fleet, groupList, false);
    List<Sender> senders = new ArrayList<>();
    for (int g = 0; g < groupList.size(); g++) {
      int receivers = (int) IntStream.of(groupList.get(g)).skip(1).filter(fleet::online).count();
      if (cids.get(g) != null) {
        senders.add(sender(fleet.clients.get(groupList.get(g)[0]), cids.get(g), receivers));
      }
    }
    return senders;
  }

  private Sender sender(BenchClient client, String cid, int recipients) {
    return new Sender(client, cid, recipients, tag, options.maxInflight(), options.payloadBytes(), stats);
  }

  /** {@code conv/start} by each list's first member with {@code m} = all its members, as the SDK sends it. */
  private List<String> startConversations(Fleet fleet, List<int[]> memberLists, boolean unique) {
    List<AsyncResult<String>> results = Throttle.run(memberLists.size(), options.concurrency(), i -> {
      BenchClient creator = fleet.clients.get(memberLists.get(i)[0]);
      List<String> members = IntStream.of(memberLists.get(i)).mapToObj(m -> fleet.clients.get(m).peerId)
        .sorted().toList();
      ConvCommand.Builder conv = ConvCommand.newBuilder().addAllM(members)
        .setAttr(JsonObjectMessage.newBuilder().setData(new JsonObject().put("name", "bench " + tag).encode()));
      if (unique) {
        conv.setUnique(true);
      }
      return creator.onContext(() -> creator.request(GenericCommand.newBuilder().setCmd(CommandType.conv)
        .setOp(OpType.start).setConvMessage(conv), BenchClient.SETUP_TIMEOUT_MILLIS)).compose(reply -> {
          String error = BenchClient.errorKind(reply);
          return error == null && !reply.getConvMessage().getCid().isEmpty()
            ? Future.succeededFuture(reply.getConvMessage().getCid())
            : Future.failedFuture(new BenchClient.ProtocolError(error == null ? "no-cid" : error));
        });
    });
    List<String> cids = new ArrayList<>();
    for (AsyncResult<String> result : results) {
      if (result.failed()) {
        stats.error(result.cause() instanceof BenchClient.ProtocolError error ? error.kind() : "conv-failed");
      }
      cids.add(result.succeeded() ? result.result() : null);
    }
    return cids;
  }

  /** Runs every sender's schedule on its own event loop until the window closes. */
  private void pace(List<Sender> senders, long startNanos) {
    long durationNanos = TimeUnit.SECONDS.toNanos(options.durationSeconds());
    double perSender = options.rate() / Math.max(1, senders.size());
    Map<Context, List<Sender>> byLoop = new LinkedHashMap<>();
    for (int i = 0; i < senders.size(); i++) {
      Sender sender = senders.get(i);
      sender.plan(startNanos, durationNanos, perSender, (double) i / senders.size());
      byLoop.computeIfAbsent(sender.client.context, c -> new ArrayList<>()).add(sender);
    }
    List<Future<Void>> done = new ArrayList<>();
    byLoop.forEach((context, loopSenders) -> {
      Promise<Void> finished = Promise.promise();
      done.add(finished.future());
      context.runOnContext(v -> context.owner().setPeriodic(1, TICK_MILLIS, id -> {
        long now = System.nanoTime();
        loopSenders.forEach(sender -> sender.tick(now));
        if (now - startNanos >= durationNanos) {
          context.owner().cancelTimer(id);
          finished.complete();
        }
      }));
    });
    Blocking.await(Future.all(done));
  }

  /** Waits until every send is answered and every owed delivery arrived, or {@code --drain} seconds. */
  private void drain(List<Sender> senders) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.drainSeconds());
    while (System.nanoTime() < deadline) {
      long owed = senders.stream().mapToLong(Sender::expectedDeliveries).sum();
      if (stats.acked.sum() + stats.refused.sum() >= stats.sent.sum() && stats.delivered.sum() >= owed) {
        return;
      }
      Blocking.sleep(20);
    }
  }

  private JsonObject line(Fleet fleet, List<Sender> senders, CpuWindow window) {
    long expected = senders.stream().mapToLong(Sender::expectedDeliveries).sum();
    long scheduled = senders.stream().mapToLong(Sender::scheduled).sum();
    long sent = stats.sent.sum();
    long acked = stats.acked.sum();
    long delivered = stats.delivered.sum();
    JsonObject line = new JsonObject()
      .put("mode", options.mode())
      .put("round", round)
      .put("traffic", options.trafficMode())
      .put("server", target.webSocketUri().toString())
      .put("clients", fleet.clients.size())
      .put("online", fleet.onlineCount())
      .put("groupSize", groups ? options.groupSize() : 2)
      .put("senders", senders.size())
      .put("targetRate", options.rate())
      .put("duration_s", options.durationSeconds())
      .put("elapsed_s", RunStats.round(window.seconds()))
      .put("scheduled", scheduled)
      .put("sent", sent)
      .put("unsent", scheduled - senders.stream().mapToLong(Sender::sent).sum())
      .put("cap_blocked", stats.capBlocked.sum())
      .put("acked", acked)
      .put("acked_per_s", perSecond(acked, stats.lastAckNanos.get(), window))
      .put("refused", stats.refused.sum())
      .put("delivered", delivered)
      .put("delivered_per_s", perSecond(delivered, stats.lastDeliveryNanos.get(), window))
      .put("expected_deliveries", expected)
      .put("duplicates", stats.duplicates.sum())
      .put("unexpected", stats.unexpected.sum())
      .put("missing", Math.max(0, expected - delivered))
      .put("errors", stats.errorCount())
      .put("error_kinds", stats.errorKinds());
    stats.putAckLatency(line);
    stats.putDeliverLatency(line);
    stats.putLoginLatency(line);
    window.put(line);
    line.put("cold_start_ms", target.coldStartMillis().isPresent() ? target.coldStartMillis().getAsLong() : null);
    return line;
  }

  /** Over the send window, or up to the last ack/delivery when those trailed it (the server fell behind). */
  private double perSecond(long count, long lastNanos, CpuWindow window) {
    double seconds = Math.max(options.durationSeconds(), (lastNanos - window.startNanos()) / 1e9);
    return RunStats.round(count / seconds);
  }
}
