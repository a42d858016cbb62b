package io.lcim.message;

import io.lcim.common.proto.DirectCommand;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes sending idempotent per client message token ({@code dt}): a client that lost the ack (its socket dropped, or
 * the server restarted) and sends the same message again gets the original ack instead of a second copy. A resend is
 * recognised by the same conversation, sender, token and payload within {@link #WINDOW}; a reused token with other
 * content is a new message.
 *
 * <p>Confined to the verticle's event loop (the in-flight map is not synchronised).
 */
final class DuplicateSends {

  static final Duration WINDOW = Duration.ofHours(24);

  private final MongoClient mongo;
  /** Sends being stored right now, so a resend racing its original waits for it instead of storing a copy. */
  private final Map<Key, Future<StoredMessage>> inFlight = new HashMap<>();

  DuplicateSends(MongoClient mongo) {
    this.mongo = mongo;
  }

  private record Key(String cid, String from, String token, String payload) {
  }

  /** Looking a token up is one index range walk. */
  Future<Void> ensureIndexes() {
    return mongo.createIndex(MessageStore.COLLECTION, new JsonObject()
      .put(StoredMessage.CID, 1).put(StoredMessage.CLIENT_TOKEN, 1));
  }

  /**
   * The message stored for this send: an earlier copy when this is a resend, else whatever {@code store} stores.
   * Sends without a token are always stored.
   */
  Future<StoredMessage> storeOnce(String from, DirectCommand direct, Supplier<Future<StoredMessage>> store) {
    if (!direct.hasDt() || direct.getDt().isEmpty()) {
      return store.get();
    }
    Key key = new Key(direct.getCid(), from, direct.getDt(), payload(direct));
    Future<StoredMessage> pending = inFlight.get(key);
    if (pending != null) {
      return pending;
    }
    Future<StoredMessage> stored = earlierCopy(key).compose(copy -> copy != null ? Future.succeededFuture(copy)
      : store.get());
    inFlight.put(key, stored);
    return stored.andThen(done -> inFlight.remove(key));
  }

  private Future<StoredMessage> earlierCopy(Key key) {
    long since = System.currentTimeMillis() - WINDOW.toMillis();
    JsonObject filter = new JsonObject()
      .put(StoredMessage.CID, key.cid())
      .put(StoredMessage.CLIENT_TOKEN, key.token())
      .put(StoredMessage.FROM, key.from())
      .put(StoredMessage.TS, new JsonObject().put("$gt", since));
    return mongo.findWithOptions(MessageStore.COLLECTION, filter, new FindOptions().setLimit(10))
      .map(docs -> docs.stream().map(StoredMessage::fromDocument)
        .filter(message -> message.data().equals(key.payload()))
        .findFirst().orElse(null));
  }

  /** The payload as {@link StoredMessage} keeps it: the text, or base64 of binary content. */
  private static String payload(DirectCommand direct) {
    return direct.hasBinaryMsg() ? Base64.getEncoder().encodeToString(direct.getBinaryMsg().toByteArray())
      : direct.getMsg();
  }
}
