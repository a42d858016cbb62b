package io.lcim.conversation;

import java.util.Set;

/**
 * Field names of a {@code _Conversation} document. They are LeanCloud's column names, so that query conditions
 * written by clients ({@code m}, {@code tr}, {@code attr.type}, {@code lm}…) apply to the stored fields as they are;
 * only {@code objectId} is renamed (to {@code _id}).
 */
final class ConversationFields {

  static final String ID = "_id";
  static final String OBJECT_ID = "objectId";
  static final String CREATOR = "c";
  static final String MEMBERS = "m";
  static final String NAME = "name";
  static final String ATTR = "attr";
  static final String UNIQUE = "unique";
  static final String UNIQUE_ID = "uniqueId";
  static final String TRANSIENT = "tr";
  static final String SYSTEM = "sys";
  static final String MUTED = "mu";
  static final String CREATED_AT = "createdAt";
  static final String UPDATED_AT = "updatedAt";
  static final String LAST_MESSAGE_AT = "lm";
  static final String LAST_MESSAGE_DATA = "msg";
  static final String LAST_MESSAGE_BINARY = "bin";
  static final String LAST_MESSAGE_FROM = "msg_from";
  static final String LAST_MESSAGE_ID = "msg_mid";
  static final String LAST_MESSAGE_TIMESTAMP = "msg_timestamp";

  /** Fields only the server writes; a client's {@code conv/update} may not touch them. */
  static final Set<String> SERVER_OWNED = Set.of(ID, OBJECT_ID, CREATOR, MEMBERS, UNIQUE, UNIQUE_ID, TRANSIENT, SYSTEM,
    MUTED, CREATED_AT, UPDATED_AT, LAST_MESSAGE_AT, LAST_MESSAGE_DATA, LAST_MESSAGE_BINARY, LAST_MESSAGE_FROM,
    LAST_MESSAGE_ID, LAST_MESSAGE_TIMESTAMP, "patch_timestamp", "ttl", "ACL");

  private ConversationFields() {
  }

  /**
   * Checks a dotted field path from a client: non-empty segments that MongoDB will not read as operators.
   *
   * @throws IllegalArgumentException naming the bad path
   */
  static void checkPath(String path) {
    if (path == null || path.isEmpty() || path.length() > 256) {
      throw new IllegalArgumentException("invalid key '" + path + "'");
    }
    for (String segment : path.split("\\.", -1)) {
      if (segment.isEmpty() || segment.startsWith("$") || segment.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid key '" + path + "'");
      }
    }
  }

  /** The stored field a client's key (possibly dotted) refers to. */
  static String storedPath(String clientPath) {
    if (clientPath.equals(OBJECT_ID)) {
      return ID;
    }
    return clientPath;
  }

  static String topLevel(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }
}
