package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.HealthEndpoints;
import io.lcim.common.ConversationMembers;
import io.lcim.common.LastMessage;
import io.lcim.common.PresenceRegistry;
import io.lcim.common.PushDispatcher;
import io.lcim.common.ServiceErrors;
import io.lcim.common.Signatures;
import io.lcim.common.Stores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static io.lcim.conversation.ConversationFields.*;

/**
 * conversation-service: owns {@code _Conversation} documents and membership. Answers {@code conv} commands, the
 * membership look-ups of other services, last-message notes from message-service, and its health probe.
 */
public final class ConversationVerticle extends VerticleBase {

  public static final String SERVICE_NAME = Addresses.CONVERSATION_SERVICE;
  private static final Logger LOG = LoggerFactory.getLogger(ConversationVerticle.class);
  /** Only gateways write presence (and refresh it on their own TTL); this service only reads it. */
  private static final long PRESENCE_TTL_UNUSED_MILLIS = 60_000;

  private MongoClient mongo;
  private Redis redis;
  private ConversationStore store;
  private LastMessageWrites lastMessages;

  @Override
  public Future<?> start() {
    ConversationConfig config = ConversationConfig.from(config());
    mongo = Stores.mongo(vertx, config.stores());
    redis = Stores.redis(vertx, config.stores());
    store = new ConversationStore(mongo);
    if (!config.conversationSignature()) {
      LOG.info("IM_CONVERSATION_SIGNATURE is off: clients create conversations and change members unsigned.");
    }
    lastMessages = new LastMessageWrites(vertx, store);
    PresenceRegistry presence = new PresenceRegistry(redis, PRESENCE_TTL_UNUSED_MILLIS);
    ConversationPushes pushes = new ConversationPushes(new PushDispatcher(vertx.eventBus(), presence));
    ConversationCommands commands = new ConversationCommands(store, presence, pushes,
      new MembershipEvents(vertx.eventBus()), config, new ReceiptTimestampsLookup(vertx.eventBus()),
      new ConversationSignatureCheck(config.conversationSignature(), new Signatures(config.credentials(), redis)));
    EventBus eventBus = vertx.eventBus();
    return store.ensureIndexes().compose(v -> {
      List<Future<Void>> registered = new ArrayList<>();
      registered.add(eventBus.<Buffer>consumer(Addresses.CONVERSATION_COMMAND, commands::handle).completion());
      registered.add(eventBus.consumer(Addresses.CONVERSATION_MEMBERS, this::members).completion());
      registered.add(eventBus.consumer(Addresses.CONVERSATION_LAST_MESSAGE, this::lastMessage).completion());
      registered.add(HealthEndpoints.answer(vertx, SERVICE_NAME,
        HealthEndpoints.register(HealthEndpoints.checks(vertx), "mongo", () -> Stores.pingMongo(mongo))).completion());
      return Future.all(registered);
    });
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closed = new ArrayList<>();
    if (mongo != null) {
      closed.add(mongo.close());
    }
    if (redis != null) {
      closed.add(redis.close());
    }
    return Future.join(closed);
  }

  /** Membership look-up: replies {@link ConversationMembers} JSON; {@code found=false} for unknown ids. */
  private void members(Message<Object> message) {
    String cid = message.body() instanceof JsonObject body ? ConversationMembers.requestedCid(body) : null;
    if (cid == null || cid.isBlank()) {
      ServiceErrors.reply(message, ConvMessages.invalid("missing cid"));
      return;
    }
    store.findById(cid).onComplete(result -> {
      if (result.failed()) {
        LOG.error("members look-up of {} failed", cid, result.cause());
        ServiceErrors.reply(message, result.cause());
        return;
      }
      JsonObject document = result.result();
      ConversationMembers members = document == null ? ConversationMembers.notFound(cid)
        : new ConversationMembers(cid, true, MembershipChanges.members(document),
        document.getBoolean(TRANSIENT, false), document.getBoolean(SYSTEM, false));
      message.reply(members.toJson());
    });
  }

  /**
   * Keeps {@code lm} and the last-message fields current. Usually sent fire-and-forget; a requester gets an empty
   * reply once it is stored.
   */
  private void lastMessage(Message<Object> message) {
    LastMessage note = message.body() instanceof JsonObject body ? parseNote(body) : null;
    if (note == null) {
      LOG.warn("ignoring malformed last-message note {}", message.body());
      ServiceErrors.reply(message, ConvMessages.invalid("malformed last-message note"));
      return;
    }
    lastMessages.record(note).onComplete(result -> {
      if (result.succeeded()) {
        message.reply(null);
      } else {
        LOG.error("recording the last message of {} failed", note.cid(), result.cause());
        ServiceErrors.reply(message, result.cause());
      }
    });
  }

  private static LastMessage parseNote(JsonObject body) {
    try {
      LastMessage note = LastMessage.fromJson(body);
      return note.cid() == null || note.messageId() == null ? null : note;
    } catch (RuntimeException e) {
      // A missing or non-numeric timestamp.
      return null;
    }
  }

}
