package io.lcim.message;

import io.lcim.common.Stores;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.lcim.message.MessageServiceHarness.block;
import static org.assertj.core.api.Assertions.assertThat;

/** Group commit: concurrent inserts share bulk writes, and a duplicate key fails only its own document. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupedInsertsTest extends MessageServiceTestBase {

  private static final String COLLECTION = "grouped_inserts_test";

  @BeforeAll
  static void uniqueKey() {
    block(harness.mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("k", 1),
      new IndexOptions().unique(true).sparse(true)));
  }

  @Test
  void everyDocumentIsStoredOnceAndOnlyDuplicatesFail() {
    GroupedInserts inserts = new GroupedInserts(harness.mongo, COLLECTION);
    block(inserts.insert(new JsonObject().put("_id", "taken-1").put("k", "key-7")));
    block(inserts.insert(new JsonObject().put("_id", "taken-2").put("k", "key-13")));

    List<Future<Void>> results = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      results.add(inserts.insert(new JsonObject().put("_id", "doc-" + i).put("k", "key-" + i)));
    }
    block(Future.join(results).otherwiseEmpty());

    for (int i = 0; i < 600; i++) {
      Future<Void> result = results.get(i);
      if (i == 7 || i == 13) {
        assertThat(result.failed()).as("doc %d", i).isTrue();
        assertThat(Stores.isDuplicateKey(result.cause())).as("doc %d: %s", i, result.cause()).isTrue();
      } else {
        assertThat(result.succeeded()).as("doc %d: %s", i, result.cause()).isTrue();
      }
    }
    assertThat(block(harness.mongo.count(COLLECTION, new JsonObject().put("_id", new JsonObject()
      .put("$gte", ""))))).isEqualTo(600);
  }
}
