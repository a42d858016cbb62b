package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.ConversationMembers;
import io.lcim.common.ServiceErrors;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Asks conversation-service who the members of a conversation are, and keeps the answers for a while: every message
 * needs them, and they change rarely. conversation-service publishes {@link Addresses#CONVERSATION_MEMBERS_CHANGED}
 * after every membership change, which drops the entry on every message-service instance; entries also expire after
 * {@link #TTL_MILLIS} in case a note is lost (a node that was partitioned away).
 *
 * <p>A note can still race a send (the note travels one way, the client's next command another), so an answer that
 * would refuse the sender — not a member per the cache — is always checked with conversation-service first. A join
 * therefore takes effect at once; a removal within the note's delivery time (milliseconds).
 *
 * <p>Confined to the verticle's event loop: the map is not synchronised.
 */
final class MembershipLookup {

  // Well inside the SDK's 20 s command timeout, so the client gets an error rather than a timeout.
  private static final long TIMEOUT_MILLIS = 5_000;
  static final long TTL_MILLIS = 30_000;
  static final int MAX_ENTRIES = 20_000;

  private final EventBus eventBus;
  private final LongSupplier clock;
  private final long ttlMillis;
  private final Map<String, Entry> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };
  /** Bumped by every invalidation: a look-up that was in flight meanwhile must not cache what it got. */
  private long invalidations;

  private record Entry(ConversationMembers members, long expiresAt) {
  }

  MembershipLookup(EventBus eventBus) {
    this(eventBus, System::currentTimeMillis, TTL_MILLIS);
  }

  MembershipLookup(EventBus eventBus, LongSupplier clock, long ttlMillis) {
    this.eventBus = eventBus;
    this.clock = clock;
    this.ttlMillis = ttlMillis;
  }

  /** Asks every time: for callers on other threads (HTTP routes mounted on another verticle's server). */
  static MembershipLookup uncached(EventBus eventBus) {
    return new MembershipLookup(eventBus, System::currentTimeMillis, 0);
  }

  /** Listens for membership changes; call once, from the verticle that owns this lookup. */
  Future<Void> register() {
    return eventBus.<Object>consumer(Addresses.CONVERSATION_MEMBERS_CHANGED, this::changed).completion();
  }

  private void changed(Message<Object> note) {
    String cid = note.body() instanceof JsonObject body ? ConversationMembers.requestedCid(body) : null;
    invalidations++;
    if (cid != null) {
      cache.remove(cid);
    } else {
      cache.clear();
    }
  }

  /** The members, possibly cached; an unreachable conversation-service fails with a protocol error. */
  Future<ConversationMembers> members(String cid) {
    Entry entry = cache.get(cid);
    if (entry != null && entry.expiresAt() > clock.getAsLong()) {
      return Future.succeededFuture(entry.members());
    }
    return fetch(cid);
  }

  /**
   * The members as needed to let {@code clientId} act in {@code cid}: a cached answer when it lists the client, else
   * conversation-service's current one (the client may have joined a moment ago).
   */
  Future<ConversationMembers> membersFor(String cid, String clientId) {
    Entry entry = cache.get(cid);
    if (entry != null && entry.expiresAt() > clock.getAsLong() && entry.members().isMember(clientId)) {
      return Future.succeededFuture(entry.members());
    }
    return fetch(cid);
  }

  private Future<ConversationMembers> fetch(String cid) {
    long asOf = invalidations;
    return eventBus.<JsonObject>request(Addresses.CONVERSATION_MEMBERS, ConversationMembers.request(cid),
        new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS))
      .recover(failure -> Future.failedFuture(ServiceErrors.fromReplyFailure(failure)))
      .map(reply -> {
        ConversationMembers members = ConversationMembers.fromJson(reply.body());
        // Unknown ids are not kept: the conversation may be created in a moment.
        if (members.found() && asOf == invalidations && ttlMillis > 0) {
          cache.put(cid, new Entry(members, clock.getAsLong() + ttlMillis));
        }
        return members;
      });
  }

  int cachedConversations() {
    return cache.size();
  }
}
