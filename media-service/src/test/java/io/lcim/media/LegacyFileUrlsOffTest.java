package io.lcim.media;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code IM_LEGACY_FILE_URLS=off}: files without a url secret are no longer served; files with one still are. */
@Timeout(60)
class LegacyFileUrlsOffTest extends MediaTestBase {

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject().put(MediaConfig.LEGACY_FILE_URLS, "off"));
  }

  @Test
  void keylessFilesAre404AndKeyedFilesAreServed(VertxTestContext test) {
    expect(test, () -> upload("new.png", Buffer.buffer("new")).compose(keyed -> upload("old.png", Buffer.buffer("old"))
      .compose(old -> FileUrlSecretTest.legacy(old.getString("objectId"))
        .compose(v -> get("http://127.0.0.1:" + port + "/files/" + old.getString("objectId") + "/old.png"))
        .compose(legacy -> {
          assertThat(legacy.statusCode()).isEqualTo(404);
          return get(old.getString("url"));
        })
        .compose(legacyWithAnySecret -> {
          assertThat(legacyWithAnySecret.statusCode()).isEqualTo(404);
          return get(keyed.getString("url"));
        })
        .map(download -> {
          assertThat(download.statusCode()).isEqualTo(200);
          assertThat(download.bodyAsString()).isEqualTo("new");
          return null;
        }))));
  }
}
