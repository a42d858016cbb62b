package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.ConversationMembers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The membership cache: reused answers, invalidation by conversation-service's note, expiry, joins at once. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MembershipLookupTest {

  private Vertx vertx;
  private final Map<String, List<String>> members = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private MembershipLookup lookup;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.CONVERSATION_MEMBERS, message -> {
      lookups.incrementAndGet();
      String cid = ConversationMembers.requestedCid(message.body());
      List<String> current = members.get(cid);
      message.reply(current == null ? ConversationMembers.notFound(cid).toJson()
        : new ConversationMembers(cid, true, current, false, false).toJson());
    }).completion().await(10, TimeUnit.SECONDS);
    lookup = new MembershipLookup(vertx.eventBus(), now::get, 30_000);
    lookup.register().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void answersAreReusedUntilConversationServiceSaysTheMembersChanged() throws Exception {
    members.put("c1", List.of("tom", "jerry"));
    assertThat(await(lookup.membersFor("c1", "tom")).members()).containsExactly("tom", "jerry");
    assertThat(await(lookup.members("c1")).members()).containsExactly("tom", "jerry");
    assertThat(lookups).hasValue(1);

    members.put("c1", List.of("tom"));
    // The note is published; a request sent after it is answered after it (one event loop, in order).
    vertx.eventBus().publish(Addresses.CONVERSATION_MEMBERS_CHANGED, ConversationMembers.request("c1"));
    await(vertx.eventBus().request(Addresses.CONVERSATION_MEMBERS, ConversationMembers.request("other")));
    lookups.set(0);
    assertThat(await(lookup.members("c1")).members()).containsExactly("tom");
    assertThat(lookups).hasValue(1);
  }

  @Test
  void aMemberTheCacheDoesNotKnowIsCheckedWithConversationServiceAtOnce() throws Exception {
    members.put("c2", List.of("tom"));
    await(lookup.members("c2"));
    members.put("c2", List.of("tom", "spike"));
    // No note yet (it may still be on its way): the sender is not refused on a stale answer.
    assertThat(await(lookup.membersFor("c2", "spike")).isMember("spike")).isTrue();
    assertThat(lookups).hasValue(2);
  }

  @Test
  void entriesExpireAndUnknownConversationsAreNeverKept() throws Exception {
    members.put("c3", List.of("tom"));
    await(lookup.members("c3"));
    now.addAndGet(30_001);
    await(lookup.members("c3"));
    assertThat(lookups).hasValue(2);

    assertThat(await(lookup.members("missing")).found()).isFalse();
    members.put("missing", List.of("tom"));
    assertThat(await(lookup.members("missing")).found()).isTrue();
  }

  @Test
  void theUncachedLookupAsksEveryTime() throws Exception {
    MembershipLookup uncached = MembershipLookup.uncached(vertx.eventBus());
    members.put("c4", List.of("tom"));
    await(uncached.members("c4"));
    await(uncached.members("c4"));
    assertThat(lookups).hasValue(2);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }
}
