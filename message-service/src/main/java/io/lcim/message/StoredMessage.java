package io.lcim.message;

import io.lcim.common.proto.LogItem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * One message as kept in the {@code messages} collection.
 *
 * @param id             server message id ({@code _id})
 * @param cid            conversation id
 * @param from           sender client id
 * @param timestamp      server timestamp, ms ({@code ts}); {@code (timestamp, id)} orders a conversation
 * @param data           the payload text, or base64 of the bytes when {@code binary}
 * @param binary         {@code data} is base64 of a binary payload ({@code bin})
 * @param lctype         the payload's {@code _lctype}, or null for plain text and binary payloads
 * @param mentionPids    @-mentioned client ids (empty when none)
 * @param mentionAll     @all
 * @param sendKey        identifies the client's send for {@link DuplicateSends} (a digest of conversation, sender and
 *                       the client's temporary message id {@code dt}), or null
 * @param patchTimestamp time of the last edit or recall, or null
 * @param expireAt       after this instant the message is no longer readable (and MongoDB may delete it)
 */
public record StoredMessage(String id, String cid, String from, long timestamp, String data, boolean binary,
                            Integer lctype, List<String> mentionPids, boolean mentionAll, String sendKey,
                            Long patchTimestamp, Instant expireAt) {

  static final String ID = "_id";
  static final String CID = "cid";
  static final String FROM = "from";
  static final String TS = "ts";
  static final String DATA = "data";
  static final String BIN = "bin";
  static final String LCTYPE = "lctype";
  static final String MENTION_PIDS = "mentionPids";
  static final String MENTION_ALL = "mentionAll";
  /** Unique (sparse): a resend of the same client message fails the insert instead of storing a copy. */
  static final String SEND_KEY = "sk";
  static final String PATCH_TS = "patchTs";
  static final String EXPIRE_AT = "expireAt";

  public StoredMessage {
    mentionPids = mentionPids == null ? List.of() : List.copyOf(mentionPids);
  }

  /** A text (plain, JSON or typed) message; its {@code _lctype} is read from the payload. */
  public static StoredMessage text(String id, String cid, String from, long timestamp, String payload,
                                   List<String> mentionPids, boolean mentionAll, String sendKey,
                                   Instant expireAt) {
    return new StoredMessage(id, cid, from, timestamp, payload, false, PayloadTypes.lctypeOf(payload), mentionPids,
      mentionAll, sendKey, null, expireAt);
  }

  /** A binary message: kept as base64, never typed. */
  public static StoredMessage binary(String id, String cid, String from, long timestamp, byte[] payload,
                                     List<String> mentionPids, boolean mentionAll, String sendKey,
                                     Instant expireAt) {
    return new StoredMessage(id, cid, from, timestamp, Base64.getEncoder().encodeToString(payload), true, null,
      mentionPids, mentionAll, sendKey, null, expireAt);
  }

  /** The document; optional fields are left out rather than stored as null or false. */
  public JsonObject toDocument() {
    JsonObject doc = new JsonObject()
      .put(ID, id)
      .put(CID, cid)
      .put(FROM, from)
      .put(TS, timestamp)
      .put(DATA, data);
    if (binary) {
      doc.put(BIN, true);
    }
    if (lctype != null) {
      doc.put(LCTYPE, lctype);
    }
    if (!mentionPids.isEmpty()) {
      doc.put(MENTION_PIDS, new JsonArray(List.copyOf(mentionPids)));
    }
    if (mentionAll) {
      doc.put(MENTION_ALL, true);
    }
    if (sendKey != null) {
      doc.put(SEND_KEY, sendKey);
    }
    if (patchTimestamp != null) {
      doc.put(PATCH_TS, patchTimestamp);
    }
    return doc.put(EXPIRE_AT, MessageStore.date(expireAt));
  }

  public static StoredMessage fromDocument(JsonObject doc) {
    JsonArray mentions = doc.getJsonArray(MENTION_PIDS, new JsonArray());
    JsonObject expireAt = doc.getJsonObject(EXPIRE_AT);
    return new StoredMessage(
      doc.getString(ID),
      doc.getString(CID),
      doc.getString(FROM),
      doc.getLong(TS),
      doc.getString(DATA),
      doc.getBoolean(BIN, false),
      doc.getInteger(LCTYPE),
      mentions.stream().map(String::valueOf).toList(),
      doc.getBoolean(MENTION_ALL, false),
      doc.getString(SEND_KEY),
      doc.getLong(PATCH_TS),
      expireAt == null ? null : MessageStore.instant(expireAt));
  }

  /** The history item the SDK reads: unset fields are omitted (proto2 presence matters to the SDK). */
  public LogItem toLogItem() {
    LogItem.Builder item = LogItem.newBuilder()
      .setMsgId(id)
      .setFrom(from)
      .setTimestamp(timestamp)
      .setData(data);
    if (binary) {
      item.setBin(true);
    }
    if (mentionAll) {
      item.setMentionAll(true);
    }
    item.addAllMentionPids(mentionPids);
    if (patchTimestamp != null) {
      item.setPatchTimestamp(patchTimestamp);
    }
    return item.build();
  }
}
