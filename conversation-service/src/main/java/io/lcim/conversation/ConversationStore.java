package io.lcim.conversation;

import io.lcim.common.LastMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexModel;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.Collection;
import java.util.List;

import static io.lcim.conversation.ConversationFields.*;

/**
 * The {@code _Conversation} collection. Every membership change is one atomic update ({@code $addToSet} with
 * {@code $each}, {@code $pull} with {@code $in}) whose filter re-checks the conditions the caller relied on, and
 * returns the document as it was just before the change, so callers know exactly what their update changed.
 */
final class ConversationStore {

  static final String COLLECTION = "_Conversation";

  private final MongoClient mongo;

  ConversationStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /**
   * Members (multikey, for "my conversations" queries), a sparse unique index on the member-set key (only unique
   * conversations carry one), and the usual sort keys.
   */
  Future<Void> ensureIndexes() {
    // IndexModel(JsonObject) alone is the JSON-codec constructor: always pass options.
    return mongo.createIndexes(COLLECTION, List.of(
      new IndexModel(new JsonObject().put(MEMBERS, 1), new IndexOptions()),
      new IndexModel(new JsonObject().put(UNIQUE_ID, 1), new IndexOptions().unique(true).sparse(true)),
      new IndexModel(new JsonObject().put(LAST_MESSAGE_AT, -1), new IndexOptions()),
      new IndexModel(new JsonObject().put(TRANSIENT, 1), new IndexOptions()),
      new IndexModel(new JsonObject().put(SYSTEM, 1), new IndexOptions()),
      new IndexModel(new JsonObject().put(UPDATED_AT, -1), new IndexOptions())));
  }

  Future<Void> insert(JsonObject document) {
    return mongo.insert(COLLECTION, document).mapEmpty();
  }

  /** The conversation, or null. */
  Future<JsonObject> findById(String cid) {
    return mongo.findOne(COLLECTION, byId(cid), null);
  }

  Future<JsonObject> findByUniqueId(String uniqueId) {
    return mongo.findOne(COLLECTION, new JsonObject().put(UNIQUE_ID, uniqueId), null);
  }

  Future<List<JsonObject>> find(JsonObject filter, JsonObject sort, int skip, int limit) {
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setSort(sort).setSkip(skip).setLimit(limit));
  }

  /**
   * Adds {@code newMembers} unless that would make the conversation hold more than {@code maxMembers}.
   *
   * @param requiredMember a client id that must still be a member when the update applies, or null
   * @return the document before the change, or null when the conversation is gone, {@code requiredMember} is no
   * longer a member, or the conversation is full
   */
  Future<JsonObject> addMembers(String cid, String requiredMember, Collection<String> newMembers, int maxMembers,
                                long now) {
    JsonObject filter = byId(cid);
    requireMember(filter, requiredMember);
    // Array position maxMembers - n exists iff the array already holds more than maxMembers - n entries.
    filter.put(MEMBERS + "." + (maxMembers - newMembers.size()), new JsonObject().put("$exists", false));
    JsonObject each = new JsonObject().put("$each", new JsonArray(List.copyOf(newMembers)));
    JsonObject update = new JsonObject()
      .put("$addToSet", new JsonObject().put(MEMBERS, each))
      .put("$set", new JsonObject().put(UPDATED_AT, IsoDates.toStored(now)));
    return updateReturningPrevious(filter, update);
  }

  /**
   * Removes {@code members} (also from the muted list).
   *
   * @param requiredMember a client id that must still be a member when the update applies, or null
   * @return the document before the change, or null when the conversation is gone or {@code requiredMember} left
   */
  Future<JsonObject> removeMembers(String cid, String requiredMember, Collection<String> members, long now) {
    JsonObject filter = byId(cid);
    requireMember(filter, requiredMember);
    JsonObject in = new JsonObject().put("$in", new JsonArray(List.copyOf(members)));
    JsonObject update = new JsonObject()
      .put("$pull", new JsonObject().put(MEMBERS, in).put(MUTED, in.copy()))
      .put("$set", new JsonObject().put(UPDATED_AT, IsoDates.toStored(now)));
    return updateReturningPrevious(filter, update);
  }

  /**
   * Applies attribute changes made by {@code member}.
   *
   * @return the updated document, or null when the conversation is gone or {@code member} is not a member
   */
  Future<JsonObject> updateAttributes(String cid, String member, JsonObject set, JsonObject unset, long now) {
    JsonObject filter = byId(cid);
    requireMember(filter, member);
    JsonObject update = new JsonObject().put("$set", set.copy().put(UPDATED_AT, IsoDates.toStored(now)));
    if (!unset.isEmpty()) {
      update.put("$unset", unset);
    }
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
      new UpdateOptions().setReturningNewDocument(true));
  }

  /**
   * Adds {@code member} to or removes it from the muted list.
   *
   * @return the updated document, or null when the conversation is gone or {@code member} is not a member
   */
  Future<JsonObject> setMuted(String cid, String member, boolean muted) {
    JsonObject filter = byId(cid);
    requireMember(filter, member);
    JsonObject update = new JsonObject().put(muted ? "$addToSet" : "$pull", new JsonObject().put(MUTED, member));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
      new UpdateOptions().setReturningNewDocument(true));
  }

  /**
   * Records {@code last} as the last message unless a later one is already recorded: messages are ordered by
   * (timestamp, id), and notes may arrive out of order. A note for the recorded message itself replaces its content
   * (an edit or recall of the last message).
   *
   * @return whether the stored last message changed
   */
  Future<Boolean> recordLastMessage(LastMessage last) {
    JsonObject filter = byId(last.cid()).put("$or", new JsonArray()
      .add(new JsonObject().put(LAST_MESSAGE_TIMESTAMP, new JsonObject().put("$exists", false)))
      .add(new JsonObject().put(LAST_MESSAGE_TIMESTAMP, new JsonObject().put("$lt", last.timestamp())))
      .add(new JsonObject().put(LAST_MESSAGE_TIMESTAMP, last.timestamp())
        .put(LAST_MESSAGE_ID, new JsonObject().put("$lte", last.messageId()))));
    JsonObject set = new JsonObject()
      .put(LAST_MESSAGE_AT, IsoDates.toStored(last.timestamp()))
      .put(LAST_MESSAGE_TIMESTAMP, last.timestamp())
      .put(LAST_MESSAGE_ID, last.messageId())
      .put(LAST_MESSAGE_FROM, last.from());
    JsonObject unset = new JsonObject();
    if (last.data() != null) {
      set.put(LAST_MESSAGE_DATA, last.data());
    } else {
      // Never pair a new id with the payload of an older message.
      unset.put(LAST_MESSAGE_DATA, "");
    }
    if (last.binary()) {
      set.put(LAST_MESSAGE_BINARY, true);
    } else {
      unset.put(LAST_MESSAGE_BINARY, "");
    }
    JsonObject update = new JsonObject().put("$set", set).put("$unset", unset);
    return mongo.updateCollection(COLLECTION, filter, update).map(result -> result.getDocModified() > 0);
  }

  private Future<JsonObject> updateReturningPrevious(JsonObject filter, JsonObject update) {
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
      new UpdateOptions().setReturningNewDocument(false));
  }

  private static void requireMember(JsonObject filter, String member) {
    if (member != null) {
      filter.put(MEMBERS, member);
    }
  }

  private static JsonObject byId(String cid) {
    return new JsonObject().put(ID, cid);
  }
}
