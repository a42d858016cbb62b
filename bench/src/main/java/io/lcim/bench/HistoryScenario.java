package io.lcim.bench;

import io.lcim.common.StoresConfig;
import io.lcim.common.Stores;
import io.lcim.common.proto.LogsCommand;
import io.lcim.message.MessageStore;
import io.lcim.message.StoredMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * One database filled with a {@link SyntheticHistory} through {@link MessageStore#insertAll} (bulk inserts in
 * batches), then paged through a {@link LogsProbe}: pages of {@code l} messages at the newest end, in the middle
 * and at the oldest end of a conversation, without and with a type filter (images). With several conversations each
 * page is of a conversation drawn at random (fixed seed).
 */
final class HistoryScenario {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryScenario.class);

  /** A kind of page: how to ask for it, given the conversation to ask in. */
  private record PageCase(String name, IntFunction<LogsCommand.Builder> request) {
  }

  /** The fill's figures. */
  record Fill(long messages, double seconds) {
  }

  private final String name;
  private final SyntheticHistory history;
  private final BenchOptions options;
  private final JsonObject serviceConfig;
  private Fill fill;

  HistoryScenario(String name, SyntheticHistory history, BenchOptions options, JsonObject serviceConfig) {
    int needed = 2 * options.page() * SyntheticHistory.IMAGE_EVERY;
    if (history.perConversation() < needed) {
      throw new IllegalArgumentException(name + ": conversations need at least " + needed + " messages for full "
        + "image pages in the middle, got " + history.perConversation());
    }
    this.name = name;
    this.history = history;
    this.options = options;
    this.serviceConfig = serviceConfig;
  }

  Fill fill() {
    return fill;
  }

  /** Blocking: empties the collection, fills it, measures every case, and drops the data again. */
  List<Latencies> run(Vertx vertx) {
    MongoClient mongo = Stores.mongo(vertx, StoresConfig.from(serviceConfig));
    try {
      LOG.info("{}: dropping collection {} of database {}", name, MessageStore.COLLECTION,
        serviceConfig.getString(StoresConfig.MONGO_DB));
      Blocking.await(mongo.dropCollection(MessageStore.COLLECTION).recover(missing -> null));
      try (LogsProbe probe = LogsProbe.deploy(vertx, serviceConfig)) { // creates the indexes before the fill
        fill = fill(new MessageStore(mongo));
        List<Latencies> results = new ArrayList<>();
        for (PageCase pageCase : cases()) {
          results.add(measure(probe, pageCase));
        }
        return results;
      } finally {
        Blocking.await(mongo.dropCollection(MessageStore.COLLECTION).recover(e -> null));
      }
    } finally {
      Blocking.await(mongo.close());
    }
  }

  private Fill fill(MessageStore store) {
    long total = history.total();
    long started = System.nanoTime();
    long nextReport = total / 10;
    for (long n = 0; n < total; n += options.batch()) {
      long end = Math.min(total, n + options.batch());
      List<StoredMessage> batch = new ArrayList<>((int) (end - n));
      for (long i = n; i < end; i++) {
        batch.add(history.message(i));
      }
      Blocking.await(store.insertAll(batch));
      if (end >= nextReport || end == total) {
        LOG.info("{}: stored {} of {} messages", name, end, total);
        nextReport += total / 10;
      }
    }
    return new Fill(total, (System.nanoTime() - started) / 1e9);
  }

  private List<PageCase> cases() {
    int page = options.page();
    int middle = history.perConversation() / 2;
    int imageType = SyntheticHistory.IMAGE_TYPE;
    return List.of(
      new PageCase("newest page", c -> logs(c)),
      new PageCase("middle page", c -> before(logs(c), c, middle)),
      new PageCase("oldest page", c -> before(logs(c), c, page)),
      new PageCase("newest page, images only", c -> logs(c).setLctype(imageType)),
      new PageCase("middle page, images only", c -> before(logs(c).setLctype(imageType), c, middle)),
      new PageCase("oldest page, images only",
        c -> before(logs(c).setLctype(imageType), c, page * SyntheticHistory.IMAGE_EVERY)));
  }

  private LogsCommand.Builder logs(int conversation) {
    return LogsCommand.newBuilder().setCid(history.cid(conversation)).setL(options.page());
  }

  /** The page of messages older than message {@code index} of the conversation: what the SDK's iterator asks. */
  private LogsCommand.Builder before(LogsCommand.Builder logs, int conversation, int index) {
    return logs.setT(history.timestamp(conversation, index)).setMid(history.id(conversation, index));
  }

  private Latencies measure(LogsProbe probe, PageCase pageCase) {
    Random conversations = new Random(42);
    for (int i = 0; i < options.warmup(); i++) {
      probe.fetch(pageCase.request().apply(conversations.nextInt(history.conversations())), options.page());
    }
    long[] nanos = new long[options.samples()];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = probe.fetch(pageCase.request().apply(conversations.nextInt(history.conversations())),
        options.page());
    }
    Latencies latencies = new Latencies(name, pageCase.name(), nanos);
    LOG.info("{} / {}: p50 {} ms, p99 {} ms", name, pageCase.name(), String.format("%.2f",
      latencies.percentileMillis(0.5)), String.format("%.2f", latencies.percentileMillis(0.99)));
    return latencies;
  }
}
