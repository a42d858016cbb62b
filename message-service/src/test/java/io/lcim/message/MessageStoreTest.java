package io.lcim.message;

import io.lcim.common.proto.LogItem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class MessageStoreTest extends MessageServiceTestBase {

  @Test
  void historyIndexesAndTtlIndexExistAndEnsuringThemAgainIsHarmless(VertxTestContext test) {
    // The verticle created them at start; a second run (another instance starting) must not fail.
    harness.store.ensureIndexes()
      .compose(v -> harness.mongo.listIndexes(MessageStore.COLLECTION))
      .map(indexes -> {
        assertThat(keysOf(indexes)).contains(
          List.of("cid", "ts", "_id"),
          List.of("cid", "lctype", "ts", "_id"),
          List.of("expireAt"));
        JsonObject ttl = indexes.stream().map(JsonObject.class::cast)
          .filter(index -> index.getJsonObject("key").fieldNames().equals(java.util.Set.of("expireAt")))
          .findFirst().orElseThrow();
        assertThat(ttl.getJsonObject("key").getInteger("expireAt")).isEqualTo(1);
        assertThat(ttl.getValue("expireAfterSeconds")).isInstanceOf(Number.class);
        assertThat(((Number) ttl.getValue("expireAfterSeconds")).longValue()).isZero();
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void textMessageDocumentRoundTripsWithEveryField(VertxTestContext test) {
    Instant expireAt = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    StoredMessage message = new StoredMessage("doc-1", "c-doc", "alice", 1234, "{\"_lctype\":-2}", false, -2,
      List.of("bob", "carol"), true, "token", 5678L, expireAt);
    harness.store.insert(message)
      .compose(v -> harness.storedDocument("doc-1"))
      .map(doc -> {
        assertThat(doc.getString("_id")).isEqualTo("doc-1");
        assertThat(doc.getLong("ts")).isEqualTo(1234);
        assertThat(doc.getInteger("lctype")).isEqualTo(-2);
        assertThat(doc.getJsonObject("expireAt").containsKey("$date")).as("stored as a BSON date").isTrue();
        assertThat(StoredMessage.fromDocument(doc)).isEqualTo(message);
        return null;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void plainAndBinaryMessagesKeepOptionalFieldsOut(VertxTestContext test) {
    Instant expireAt = Instant.now().plus(1, ChronoUnit.DAYS);
    StoredMessage plain = StoredMessage.text("doc-2", "c-doc", "alice", 1, "hello", List.of(), false, null,
      expireAt);
    StoredMessage binary = StoredMessage.binary("doc-3", "c-doc", "alice", 2, new byte[]{0, -1, 7}, List.of(),
      false, null, expireAt);
    assertThat(plain.lctype()).isNull();
    assertThat(binary.lctype()).isNull();
    assertThat(plain.toDocument().fieldNames())
      .containsExactlyInAnyOrder("_id", "cid", "from", "ts", "data", "expireAt");
    assertThat(binary.toDocument().fieldNames())
      .containsExactlyInAnyOrder("_id", "cid", "from", "ts", "data", "bin", "expireAt");

    LogItem plainItem = plain.toLogItem();
    assertThat(plainItem.hasBin()).isFalse();
    assertThat(plainItem.hasMentionAll()).isFalse();
    assertThat(plainItem.hasPatchTimestamp()).isFalse();
    assertThat(plainItem.getMentionPidsCount()).isZero();
    LogItem binaryItem = binary.toLogItem();
    assertThat(binaryItem.getBin()).isTrue();
    assertThat(Base64.getDecoder().decode(binaryItem.getData())).containsExactly(0, -1, 7);

    StoredMessage edited = new StoredMessage("doc-4", "c-doc", "alice", 3, "x", false, null, List.of("bob"), true,
      null, 99L, expireAt);
    LogItem editedItem = edited.toLogItem();
    assertThat(editedItem.getPatchTimestamp()).isEqualTo(99);
    assertThat(editedItem.getMentionAll()).isTrue();
    assertThat(editedItem.getMentionPidsList()).containsExactly("bob");

    harness.store.insertAll(List.of(plain, binary))
      .compose(v -> harness.storedDocument("doc-3"))
      .map(doc -> assertThat(StoredMessage.fromDocument(doc).data()).isEqualTo(binary.data()))
      .onComplete(test.succeedingThenComplete());
  }

  private static List<List<String>> keysOf(JsonArray indexes) {
    return indexes.stream().map(JsonObject.class::cast)
      .map(index -> List.copyOf(index.getJsonObject("key").fieldNames()))
      .toList();
  }
}
