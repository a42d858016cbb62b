package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10 item 4: a file is downloadable only with the secret in its url; object ids alone give nothing. */
@Timeout(60)
class FileUrlSecretTest extends MediaTestBase {

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject());
  }

  /** The url with its secret segment replaced. */
  private static String withSecret(JsonObject token, String secret) {
    String objectId = token.getString("objectId");
    String url = token.getString("url");
    int at = url.indexOf(objectId) + objectId.length() + 1;
    return url.substring(0, at) + secret + url.substring(url.indexOf('/', at));
  }

  private static String secretOf(JsonObject token) {
    String url = token.getString("url");
    int at = url.indexOf(token.getString("objectId")) + 25;
    return url.substring(at, url.indexOf('/', at));
  }

  @Test
  void guessedObjectIdsAndWrongSecretsAre404(VertxTestContext test) {
    Buffer bytes = randomBytes(2048, 7);
    expect(test, () -> upload("photo.png", bytes).compose(token -> {
      String base = "http://127.0.0.1:" + port + "/files/" + token.getString("objectId");
      String secret = secretOf(token);
      char last = secret.charAt(secret.length() - 1);
      String oneOff = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
      List<String> guesses = List.of(base, base + "/", base + "/photo.png", base + "//photo.png",
        withSecret(token, oneOff), withSecret(token, secret.substring(1)), withSecret(token, secret + "x"),
        withSecret(token, PublicUrls.newUrlSecret()), withSecret(token, oneOff) + "?imageInfo");
      Future<Void> all = Future.succeededFuture();
      for (String guess : guesses) {
        all = all.compose(v -> get(guess)).map(response -> {
          assertThat(response.statusCode()).as(guess).isEqualTo(404);
          assertThat(response.bodyAsJsonObject().getInteger("code")).as(guess).isEqualTo(101);
          assertThat(response.bodyAsString()).as(guess).doesNotContain(secret);
          return null;
        }).compose(v -> http.requestAbs(HttpMethod.HEAD, guess).send()).map(head -> {
          assertThat(head.statusCode()).as("HEAD " + guess).isEqualTo(404);
          return null;
        });
      }
      return all.compose(v -> get(token.getString("url"))).compose(right -> {
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo(bytes);
        return http.getAbs(token.getString("url")).putHeader("Range", "bytes=10-19").send();
      }).map(range -> {
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(bytes.getBuffer(10, 20));
        return null;
      });
    }));
  }

  @Test
  void everyFileGetsItsOwnUrlSafe128BitSecret(VertxTestContext test) {
    expect(test, () -> fileToken("a.png").compose(first -> fileToken("a.png").map(second -> {
      assertThat(secretOf(first)).matches("[A-Za-z0-9_-]{22}");
      assertThat(secretOf(second)).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(secretOf(first));
      assertThat(first.getString("key")).isEqualTo(PublicUrls.fileKey(first.getString("objectId"),
        secretOf(first), "a.png"));
      return null;
    })));
  }

  @Test
  void theAppKeyCannotReadAFileRecordAndItsUrl(VertxTestContext test) {
    expect(test, () -> upload("secret.txt", Buffer.buffer("s")).compose(token -> {
      String path = "/1.1/files/" + token.getString("objectId");
      return signed(http.get(port, "127.0.0.1", path)).send().compose(byApp -> {
        assertThat(byApp.statusCode()).isEqualTo(403);
        assertThat(byApp.bodyAsJsonObject().getInteger("code")).isEqualTo(119);
        assertThat(byApp.bodyAsString()).doesNotContain(secretOf(token));
        return withAppKey(http.get(port, "127.0.0.1", "/1.1/classes/_File/" + token.getString("objectId"))).send();
      }).compose(byAppKey -> {
        assertThat(byAppKey.statusCode()).isEqualTo(403);
        return withMasterKey(http.get(port, "127.0.0.1", path)).send();
      }).map(byMaster -> {
        assertThat(byMaster.statusCode()).isEqualTo(200);
        assertThat(byMaster.bodyAsJsonObject().getString("url")).isEqualTo(token.getString("url"));
        assertThat(byMaster.bodyAsJsonObject().containsKey(FileRecords.URL_SECRET)).isFalse();
        return null;
      });
    }));
  }

  @Test
  void filesStoredBeforeSecretsKeepTheirOldUrlWhileLegacyUrlsAreOn(VertxTestContext test) {
    expect(test, () -> upload("old.png", Buffer.buffer("old")).compose(token -> legacy(token.getString("objectId"))
      .compose(v -> get("http://127.0.0.1:" + port + "/files/" + token.getString("objectId") + "/old.png"))
      .map(download -> {
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.bodyAsString()).isEqualTo("old");
        return null;
      })));
  }

  /** Makes a record look like one stored before url secrets: no secret, url without one. */
  static Future<Void> legacy(String objectId) {
    return mongo.updateCollection(FileRecords.COLLECTION, new JsonObject().put("_id", objectId),
      new JsonObject().put("$unset", new JsonObject().put(FileRecords.URL_SECRET, ""))).mapEmpty();
  }
}
