package io.lcim.message;

import io.vertx.core.json.JsonObject;

/**
 * What message-service knows about one member of one conversation, as kept in {@link MemberStateStore}. Every field
 * only ever grows ({@code $max}), so updates commute: a {@code read}, a mention and a membership change may be
 * applied in any order and still leave the same document. Plain messages do not touch it (a group message would
 * otherwise cost one write per member): whether there is news comes from history at login ({@link UnreadCounts}).
 *
 * @param lastMentionTs newest message that @-mentioned this member (0: none)
 * @param lastReadTs    newest timestamp this member reported as read (0: never)
 * @param joinedAt      when the member was last added (0: unknown, e.g. a conversation older than this state)
 * @param leftAt        when the member was last removed (0: never)
 * @param countFrom     messages at or before this time never count as unread (history before joining)
 * @param notifTime     when anything the member's unread summary shows last changed
 */
record MemberState(String cid, String clientId, long lastMentionTs, long lastReadTs,
                   long joinedAt, long leftAt, long countFrom, long notifTime) {

  static final String ID = "_id";
  static final String CID = "cid";
  static final String CLIENT_ID = "clientId";
  static final String LAST_MENTION_TS = "lastMentionTs";
  static final String LAST_READ_TS = "lastReadTs";
  /** Newest timestamp this member's client acknowledged as delivered (not part of the record: receipts only). */
  static final String LAST_ACK_TS = "lastAckTs";
  static final String JOINED_AT = "joinedAt";
  static final String LEFT_AT = "leftAt";
  static final String COUNT_FROM = "countFrom";
  static final String NOTIF_TIME = "notifTime";

  /** One document per member and conversation; conversation ids are ours (hex), so the separator is unambiguous. */
  static String id(String cid, String clientId) {
    return cid + ":" + clientId;
  }

  static MemberState fromDocument(JsonObject doc) {
    return new MemberState(doc.getString(CID), doc.getString(CLIENT_ID),
      time(doc, LAST_MENTION_TS), time(doc, LAST_READ_TS), time(doc, JOINED_AT), time(doc, LEFT_AT),
      time(doc, COUNT_FROM), time(doc, NOTIF_TIME));
  }

  /** False once the member's latest membership change was leaving. */
  boolean isMember() {
    return leftAt == 0 || joinedAt > leftAt;
  }

  /** Messages from others stamped after this are unread. */
  long unreadAfter() {
    return Math.max(lastReadTs, countFrom);
  }

  /** Whether a message stamped {@code lastMessageTs} (from whoever) may leave something unread. */
  boolean mayHaveUnread(long lastMessageTs) {
    return lastMessageTs > unreadAfter();
  }

  /** Added, and not read anything since: an invitation the member may not have seen yet. */
  boolean joinedUnseen() {
    return joinedAt > 0 && lastReadTs < joinedAt;
  }

  boolean mentionedSinceRead() {
    return lastMentionTs > unreadAfter();
  }

  private static long time(JsonObject doc, String field) {
    Object value = doc.getValue(field);
    return value instanceof Number number ? number.longValue() : 0;
  }
}
