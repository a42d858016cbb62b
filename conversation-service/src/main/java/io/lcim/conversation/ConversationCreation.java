package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.Stores;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bson.types.ObjectId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.lcim.conversation.ConversationFields.*;

/**
 * {@code conv/start} (docs/protocol.md §3.6): creates a conversation, a chat room ({@code transient}), or returns the
 * existing conversation with the same member set ({@code unique}); then tells every other member it was added.
 */
final class ConversationCreation {

  private final ConversationStore store;
  private final ConversationPushes pushes;
  private final MembershipEvents events;
  private final ConversationConfig config;

  ConversationCreation(ConversationStore store, ConversationPushes pushes, MembershipEvents events,
                       ConversationConfig config) {
    this.store = store;
    this.pushes = pushes;
    this.events = events;
    this.config = config;
  }

  Future<GenericCommand> start(ServiceRequest request, ConvCommand conv) {
    if (conv.getTempConv()) {
      throw ServiceErrors.error(ErrorCode.CONVERSATION_API_FAILED, "temporary conversations are not supported");
    }
    String creator = request.clientId();
    JsonObject attributes = parseAttributes(conv);
    boolean chatRoom = conv.getTransient();
    List<String> members = chatRoom ? List.of(creator) : membersWithCreator(conv, creator);
    if (members.size() > config.maxMembers()) {
      throw ServiceErrors.error(ErrorCode.CONVERSATION_FULL,
        "a conversation holds at most " + config.maxMembers() + " members");
    }
    long now = System.currentTimeMillis();
    JsonObject document = new JsonObject()
      .put(ID, new ObjectId().toHexString())
      .put(CREATOR, creator)
      .put(MEMBERS, new JsonArray(members))
      .put(TRANSIENT, chatRoom)
      .put(SYSTEM, false)
      .put(MUTED, new JsonArray())
      .put(CREATED_AT, IsoDates.toStored(now))
      .put(UPDATED_AT, IsoDates.toStored(now));
    Object name = attributes.remove(NAME);
    if (name != null) {
      document.put(NAME, name);
    }
    document.put(ATTR, attributes);
    boolean unique = conv.getUnique() && !chatRoom;
    document.put(UNIQUE, unique);
    if (!unique) {
      return store.insert(document).compose(v -> announce(document, creator));
    }
    String uniqueId = memberSetKey(members);
    document.put(UNIQUE_ID, uniqueId);
    return store.findByUniqueId(uniqueId).compose(existing -> existing != null
      ? Future.succeededFuture(started(existing))
      : insertUnique(document, creator));
  }

  /** Inserts a unique conversation; when a concurrent start won the race, answers with the winner. */
  private Future<GenericCommand> insertUnique(JsonObject document, String creator) {
    return store.insert(document)
      .compose(v -> announce(document, creator))
      .recover(failure -> {
        if (!Stores.isDuplicateKey(failure)) {
          return Future.failedFuture(failure);
        }
        return store.findByUniqueId(document.getString(UNIQUE_ID)).compose(winner -> winner == null
          ? Future.failedFuture(failure)
          : Future.succeededFuture(started(winner)));
      });
  }

  private Future<GenericCommand> announce(JsonObject document, String creator) {
    List<String> others = new ArrayList<>();
    if (!document.getBoolean(TRANSIENT, false)) {
      for (Object member : document.getJsonArray(MEMBERS)) {
        if (!creator.equals(member)) {
          others.add((String) member);
        }
      }
      Long created = IsoDates.fromStored(document.getValue(CREATED_AT));
      events.created(document.getString(ID), MembershipChanges.members(document),
        created == null ? System.currentTimeMillis() : created);
    }
    return pushes.joined(document.getString(ID), creator, others).map(v -> started(document));
  }

  private static GenericCommand started(JsonObject document) {
    ConvCommand.Builder reply = ConvCommand.newBuilder().setCid(document.getString(ID));
    Long created = IsoDates.fromStored(document.getValue(CREATED_AT));
    if (created != null) {
      reply.setCdate(IsoDates.format(created));
    }
    String uniqueId = document.getString(UNIQUE_ID);
    if (uniqueId != null) {
      reply.setUniqueId(uniqueId);
    }
    return ConvMessages.conv(OpType.started, reply);
  }

  private static List<String> membersWithCreator(ConvCommand conv, String creator) {
    List<String> members = ConvMessages.distinctMembers(conv.getMList());
    if (!members.contains(creator)) {
      members.add(creator);
    }
    return members;
  }

  /** {@code attr.data}: {@code name} plus custom attributes, in stored form; the rest lives under {@code attr}. */
  private static JsonObject parseAttributes(ConvCommand conv) {
    if (!conv.hasAttr() || conv.getAttr().getData().isBlank()) {
      return new JsonObject();
    }
    JsonObject data;
    try {
      data = new JsonObject(conv.getAttr().getData());
    } catch (DecodeException | ClassCastException e) {
      throw ConvMessages.invalid("attr is not a JSON object");
    }
    Object name = data.getValue(NAME);
    if (name != null && !(name instanceof String)) {
      throw ConvMessages.invalid("name must be a string");
    }
    try {
      JsonObject stored = (JsonObject) StoredValues.toStored(data);
      if (name == null) {
        stored.remove(NAME);
      }
      return stored;
    } catch (IllegalArgumentException e) {
      throw ConvMessages.invalid("attr: " + e.getMessage());
    }
  }

  /** Identifies a member set whatever its order: a hash of the sorted ids. Names are not part of the match. */
  static String memberSetKey(List<String> members) {
    List<String> sorted = new ArrayList<>(members);
    sorted.sort(null);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(new JsonArray(sorted).encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
