package io.lcim.conversation;

import io.lcim.store.EmbeddedStores;
import io.lcim.common.StoresConfig;
import io.lcim.common.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The guards of {@link ConversationStore}'s atomic updates, which the command tests can only reach by racing. */
@ExtendWith(VertxExtension.class)
class ConversationStoreTest {

  private static EmbeddedStores stores;
  private MongoClient mongo;
  private ConversationStore store;

  @BeforeAll
  static void startStores() {
    stores = EmbeddedStores.startInMemory();
  }

  @AfterAll
  static void stopStores() {
    stores.close();
  }

  @BeforeEach
  void connect(Vertx vertx) {
    mongo = Stores.mongo(vertx, new StoresConfig(stores.mongoUri(), "store_" + UUID.randomUUID().toString()
      .replace("-", ""), stores.redisUri()));
    store = new ConversationStore(mongo);
    FakeGateway.await(store::ensureIndexes);
  }

  @AfterEach
  void close() {
    FakeGateway.await(mongo::close);
  }

  private void insert(String id, String... members) {
    FakeGateway.await(() -> store.insert(new JsonObject().put("_id", id).put("m", new JsonArray(List.of(members)))
      .put("mu", new JsonArray()).put("unique", false)));
  }

  private List<Object> members(String id) {
    return FakeGateway.await(() -> store.findById(id)).getJsonArray("m").getList();
  }

  @Test
  void addGuardRefusesWhenTheResultWouldExceedTheLimit() {
    insert("c1", "a", "b", "c");
    assertThat(FakeGateway.await(() -> store.addMembers("c1", "a", List.of("d", "e"), 4, 1L))).isNull();
    assertThat(members("c1")).containsExactly("a", "b", "c");

    JsonObject before = FakeGateway.await(() -> store.addMembers("c1", "a", List.of("d"), 4, 1L));
    assertThat(before.getJsonArray("m").getList()).containsExactly("a", "b", "c");
    assertThat(members("c1")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void addGuardRefusesWhenTheRequiredMemberIsGone() {
    insert("c1", "a", "b");
    assertThat(FakeGateway.await(() -> store.addMembers("c1", "z", List.of("d"), 10, 1L))).isNull();
    assertThat(FakeGateway.await(() -> store.addMembers("missing", null, List.of("d"), 10, 1L))).isNull();
    assertThat(members("c1")).containsExactly("a", "b");
  }

  @Test
  void removeReturnsThePreviousDocumentAndPullsFromMutedToo() {
    insert("c1", "a", "b", "c");
    FakeGateway.await(() -> store.setMuted("c1", "b", true));
    assertThat(FakeGateway.await(() -> store.removeMembers("c1", "z", List.of("b"), 1L))).isNull();

    JsonObject before = FakeGateway.await(() -> store.removeMembers("c1", "a", List.of("b", "x"), 1L));
    assertThat(before.getJsonArray("m").getList()).containsExactly("a", "b", "c");
    JsonObject after = FakeGateway.await(() -> store.findById("c1"));
    assertThat(after.getJsonArray("m").getList()).containsExactly("a", "c");
    assertThat(after.getJsonArray("mu").getList()).isEmpty();
  }

  @Test
  void uniqueIdsAreUniqueButOptional() {
    insert("plain1", "a");
    insert("plain2", "a");
    FakeGateway.await(() -> store.insert(new JsonObject().put("_id", "u1").put("uniqueId", "k")));
    Throwable duplicate = FakeGateway.await(() -> store.insert(new JsonObject().put("_id", "u2").put("uniqueId", "k"))
      .map(v -> (Throwable) null).otherwise(failure -> failure));
    assertThat(Stores.isDuplicateKey(duplicate)).as(String.valueOf(duplicate)).isTrue();
    assertThat(FakeGateway.await(() -> store.findByUniqueId("k")).getString("_id")).isEqualTo("u1");
  }

  @Test
  void memberSetKeyIgnoresOrder() {
    assertThat(ConversationCreation.memberSetKey(List.of("b", "a")))
      .isEqualTo(ConversationCreation.memberSetKey(List.of("a", "b")))
      .isNotEqualTo(ConversationCreation.memberSetKey(List.of("a", "b", "c")))
      .isNotEqualTo(ConversationCreation.memberSetKey(List.of("a,b")));
  }
}
