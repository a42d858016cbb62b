package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The upload url's token: signed, bound to one file, short-lived, single-use; a refused PUT stores nothing. */
class UploadTokenTest extends MediaTestBase {

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject());
  }

  @Test
  void tamperedTokenIsRefused(VertxTestContext test) {
    expect(test, () -> fileToken("a.bin").compose(token -> {
      String url = token.getString("upload_url");
      String tampered = url.substring(0, url.length() - 2) + (url.endsWith("A") ? "BB" : "AA");
      return refusedUpload(token, tampered, 401);
    }));
  }

  @Test
  void missingTokenIsRefused(VertxTestContext test) {
    expect(test, () -> fileToken("a.bin").compose(token -> {
      String url = token.getString("upload_url");
      return refusedUpload(token, url.substring(0, url.indexOf('?')), 401);
    }));
  }

  @Test
  void tokenOfAnotherFileIsRefused(VertxTestContext test) {
    expect(test, () -> fileToken("a.bin").compose(first -> fileToken("b.bin").compose(second -> {
      String url = second.getString("upload_url");
      String swapped = url.substring(0, url.indexOf('?') + 1) + "token=" + first.getString("token");
      return refusedUpload(second, swapped, 401);
    })));
  }

  @Test
  void unknownFileIsRefused(VertxTestContext test) {
    // A correctly signed token for an object id that has no record (e.g. deleted by a failed callback).
    UploadTokens tokens = new UploadTokens(MASTER_KEY, Duration.ofMinutes(5), Clock.systemUTC());
    String objectId = "0123456789abcdef01234567";
    expect(test, () -> http.put(port, "127.0.0.1", "/uploads/" + objectId + "?token=" + tokens.issue(objectId))
      .sendBuffer(Buffer.buffer("bytes"))
      .compose(response -> {
        assertThat(response.statusCode()).isEqualTo(401);
        return record(objectId);
      })
      .map(stored -> {
        assertThat(stored).isNull();
        return null;
      }));
  }

  @Test
  void expiredTokenIsRefused(VertxTestContext test) {
    UploadTokens past = new UploadTokens(MASTER_KEY, Duration.ofSeconds(60),
      Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
    expect(test, () -> fileToken("late.bin").compose(token -> {
      String objectId = token.getString("objectId");
      String url = "http://127.0.0.1:" + port + "/uploads/" + objectId + "?token=" + past.issue(objectId);
      return http.putAbs(url).sendBuffer(Buffer.buffer("bytes")).compose(response -> {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("expired");
        return record(objectId);
      }).map(stored -> {
        assertThat(stored.getString("state")).isEqualTo(FileRecords.PENDING);
        assertThat(stored.containsKey("blob")).isFalse();
        return null;
      });
    }));
  }

  @Test
  void tokenIsSingleUse(VertxTestContext test) {
    Buffer original = Buffer.buffer("the original");
    expect(test, () -> fileToken("once.txt").compose(token -> put(token, original)
      .compose(first -> {
        assertThat(first.statusCode()).isEqualTo(200);
        return count(GridFsBlobs.BUCKET + ".files");
      })
      .compose(filesBefore -> put(token, Buffer.buffer("a replacement")).compose(second -> {
        assertThat(second.statusCode()).isEqualTo(403);
        assertThat(second.bodyAsJsonObject().getString("error")).contains("already used");
        return count(GridFsBlobs.BUCKET + ".files");
      }).map(filesAfter -> {
        assertThat(filesAfter).as("the reuse stored nothing").isEqualTo(filesBefore);
        return null;
      }))
      .compose(v -> get(token.getString("url")))
      .map(download -> {
        assertThat(download.bodyAsString()).isEqualTo("the original");
        return null;
      })));
  }

  /** PUTs to {@code url}, expects {@code status}, and checks the file stayed pending with no bytes. */
  private static Future<Void> refusedUpload(JsonObject token, String url, int status) {
    return count(GridFsBlobs.BUCKET + ".chunks").compose(chunksBefore -> http.putAbs(url)
      .putHeader("Content-Type", token.getString("mime_type"))
      .sendBuffer(randomBytes(300 * 1024, 3))
      .compose(response -> {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getInteger("code")).isEqualTo(status);
        return record(token.getString("objectId"));
      })
      .compose(stored -> {
        assertThat(stored.getString("state")).isEqualTo(FileRecords.PENDING);
        return count(GridFsBlobs.BUCKET + ".chunks");
      })
      .compose(chunksAfter -> {
        assertThat(chunksAfter).isEqualTo(chunksBefore);
        return get(token.getString("url"));
      })
      .map(download -> {
        assertThat(download.statusCode()).isEqualTo(404);
        return null;
      }));
  }
}
