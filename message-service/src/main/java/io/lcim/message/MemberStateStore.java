package io.lcim.message;

import io.lcim.common.MembershipChange;
import io.lcim.common.ReceiptTimestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.lcim.message.MemberState.*;

/**
 * Per-member, per-conversation state in the MongoDB collection {@code member_state} ({@link MemberState}): the
 * timestamps unread counts are derived from. Only upserts with {@code $max}, so concurrent writers never lose each
 * other's updates and the order they land in does not matter.
 */
final class MemberStateStore {

  static final String COLLECTION = "member_state";

  private final MongoClient mongo;

  MemberStateStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** The login query walks one client's states, newest change first. */
  Future<Void> ensureIndexes() {
    return mongo.createIndex(COLLECTION, new JsonObject().put(CLIENT_ID, 1).put(NOTIF_TIME, -1));
  }

  /**
   * A message from {@code from} stored at {@code timestamp} @-mentioned {@code mentioned}: one point update per
   * mentioned member (plain messages write nothing here).
   */
  Future<Void> mentioned(String cid, String from, Collection<String> mentioned, long timestamp) {
    List<BulkOperation> upserts = new ArrayList<>(mentioned.size());
    for (String member : mentioned) {
      if (!member.equals(from)) {
        upserts.add(upsert(cid, member, new JsonObject().put(LAST_MENTION_TS, timestamp)));
      }
    }
    return write(upserts);
  }

  /** The member read the conversation up to {@code readTimestamp}; {@code now} tells its other devices. */
  Future<Void> read(String cid, String clientId, long readTimestamp, long now) {
    return write(List.of(upsert(cid, clientId,
      new JsonObject().put(LAST_READ_TS, readTimestamp).put(NOTIF_TIME, now))));
  }

  /**
   * The member's client acknowledged delivery of the conversation's messages up to {@code ackTimestamp}. Not news for
   * the member's unread summary: {@code notifTime} stays.
   */
  Future<Void> delivered(String cid, String clientId, long ackTimestamp) {
    return write(List.of(upsert(cid, clientId, new JsonObject().put(LAST_ACK_TS, ackTimestamp))));
  }

  /**
   * The newest delivery and read marks among {@code members} of {@code cid} ({@code conv/max_read}). Reading implies
   * receiving, so the delivered mark is never behind the read mark.
   */
  Future<ReceiptTimestamps> receiptTimestamps(String cid, Collection<String> members) {
    if (members.isEmpty()) {
      return Future.succeededFuture(new ReceiptTimestamps(0, 0));
    }
    JsonArray ids = new JsonArray();
    members.forEach(member -> ids.add(id(cid, member)));
    return mongo.find(COLLECTION, new JsonObject().put(ID, new JsonObject().put("$in", ids))).map(docs -> {
      long ack = 0;
      long read = 0;
      for (JsonObject doc : docs) {
        MemberState state = MemberState.fromDocument(doc);
        read = Math.max(read, state.lastReadTs());
        ack = Math.max(ack, Math.max(state.lastReadTs(), doc.getLong(LAST_ACK_TS, 0L)));
      }
      return new ReceiptTimestamps(ack, read);
    });
  }

  Future<Void> membershipChanged(MembershipChange change) {
    List<BulkOperation> upserts = new ArrayList<>();
    for (String member : change.joined()) {
      // History from before the member joined is not unread for them; a new conversation has no history.
      upserts.add(upsert(change.cid(), member, new JsonObject().put(JOINED_AT, change.at())
        .put(NOTIF_TIME, change.at()).put(COUNT_FROM, change.newConversation() ? 0 : change.at())));
    }
    for (String member : change.left()) {
      // Leaving is not news for the leaver's unread summary: notifTime stays.
      upserts.add(upsert(change.cid(), member, new JsonObject().put(LEFT_AT, change.at())));
    }
    return write(upserts);
  }

  /**
   * The client's states, newest change first, at most {@code limit}.
   *
   * @param changedAfter only states whose {@code notifTime} is later, or null for all
   */
  Future<List<MemberState>> statesOf(String clientId, Long changedAfter, int limit) {
    JsonObject filter = new JsonObject().put(CLIENT_ID, clientId);
    if (changedAfter != null) {
      filter.put(NOTIF_TIME, new JsonObject().put("$gt", changedAfter));
    }
    FindOptions options = new FindOptions().setSort(new JsonObject().put(NOTIF_TIME, -1)).setLimit(limit);
    return mongo.findWithOptions(COLLECTION, filter, options)
      .map(docs -> docs.stream().map(MemberState::fromDocument).toList());
  }

  private static BulkOperation upsert(String cid, String clientId, JsonObject max) {
    JsonObject update = new JsonObject()
      .put("$max", max)
      .put("$setOnInsert", new JsonObject().put(CID, cid).put(CLIENT_ID, clientId));
    return BulkOperation.createUpdate(new JsonObject().put(ID, id(cid, clientId)), update, true, false);
  }

  private Future<Void> write(List<BulkOperation> operations) {
    if (operations.isEmpty()) {
      return Future.succeededFuture();
    }
    // Unordered: one member's failed upsert must not keep the others from being applied. Two upserts creating the
    // same document at once can fail with a duplicate key; every update is idempotent, so one retry settles it.
    BulkWriteOptions unordered = new BulkWriteOptions(false);
    return mongo.bulkWriteWithOptions(COLLECTION, operations, unordered)
      .recover(failure -> mongo.bulkWriteWithOptions(COLLECTION, operations, unordered))
      .mapEmpty();
  }
}
