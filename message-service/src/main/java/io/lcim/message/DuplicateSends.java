package io.lcim.message;

import io.lcim.common.Stores;
import io.lcim.common.proto.DirectCommand;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes sending idempotent per client message token ({@code dt}): a client that lost the ack (its socket dropped, or
 * the server restarted) and sends the same message again gets the original ack instead of a second copy.
 *
 * <p>No read before the write: each message sent with a token carries a send key (a digest of conversation, sender
 * and token) under a unique sparse index, so a resend's insert fails with a duplicate key, and only then is the
 * original read (one point look-up) and compared. A reused token with other content is a new message, stored
 * without a key. A key lives as long as its message, so a resend is recognised for the whole retention period.
 *
 * <p>Confined to the verticle's event loop (the in-flight map is not synchronised).
 */
final class DuplicateSends {

  private static final int KEY_BYTES = 16;

  private final MongoClient mongo;
  /** Sends being stored right now, so a resend racing its original waits for it instead of failing an insert. */
  private final Map<String, Future<StoredMessage>> inFlight = new HashMap<>();

  DuplicateSends(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Sparse: sends without a token carry no key and are not indexed. */
  Future<Void> ensureIndexes() {
    return mongo.createIndexWithOptions(MessageStore.COLLECTION, new JsonObject().put(StoredMessage.SEND_KEY, 1),
      new IndexOptions().unique(true).sparse(true));
  }

  /**
   * The message stored for this send: the earlier copy when this is a resend, else what {@code store} stores.
   *
   * @param store stores (and fans out) the message with the given send key, or with none (null)
   */
  Future<StoredMessage> storeOnce(String from, DirectCommand direct, Function<String, Future<StoredMessage>> store) {
    String key = sendKey(direct.getCid(), from, direct.hasDt() ? direct.getDt() : null);
    if (key == null) {
      return store.apply(null);
    }
    Future<StoredMessage> pending = inFlight.get(key);
    if (pending != null) {
      return pending.compose(original -> isResendOf(original, from, direct) ? Future.succeededFuture(original)
        : store.apply(null));
    }
    Future<StoredMessage> stored = store.apply(key)
      .recover(failure -> Stores.isDuplicateKey(failure) ? original(key, from, direct, store)
        : Future.failedFuture(failure));
    inFlight.put(key, stored);
    return stored.andThen(done -> inFlight.remove(key));
  }

  private Future<StoredMessage> original(String key, String from, DirectCommand direct,
                                         Function<String, Future<StoredMessage>> store) {
    return mongo.findOne(MessageStore.COLLECTION, new JsonObject().put(StoredMessage.SEND_KEY, key), null)
      .compose(doc -> {
        StoredMessage original = doc == null ? null : StoredMessage.fromDocument(doc);
        if (original != null && isResendOf(original, from, direct)
          && (original.expireAt() == null || original.expireAt().isAfter(Instant.now()))) {
          return Future.succeededFuture(original);
        }
        return store.apply(null);
      });
  }

  private static boolean isResendOf(StoredMessage original, String from, DirectCommand direct) {
    return original.from().equals(from) && original.cid().equals(direct.getCid())
      && original.data().equals(payload(direct));
  }

  /** A digest of (conversation, sender, token), or null without a token; 22 characters, URL-safe base64. */
  static String sendKey(String cid, String from, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
    // Colliding keys (parts that run into each other) are harmless: a duplicate key only leads to the comparison.
    byte[] digest = sha256.digest((cid + '\0' + from + '\0' + token).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, KEY_BYTES));
  }

  /** The payload as {@link StoredMessage} keeps it: the text, or base64 of binary content. */
  private static String payload(DirectCommand direct) {
    return direct.hasBinaryMsg() ? Base64.getEncoder().encodeToString(direct.getBinaryMsg().toByteArray())
      : direct.getMsg();
  }
}
