package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The size limit while streaming, and what a refused or interrupted upload leaves behind: nothing visible. */
class UploadLimitTest extends MediaTestBase {

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject());
  }

  @Test
  void declaredOversizeIsRefusedBeforeReading(VertxTestContext test) {
    expect(test, () -> fileToken("big.bin").compose(token -> put(token, randomBytes((int) MAX_UPLOAD_BYTES + 1, 4))
      .compose(response -> {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.bodyAsJsonObject().getInteger("code")).isEqualTo(413);
        return nothingStoredFor(token);
      })));
  }

  @Test
  void oversizeWithoutLengthIsCutOffWhileStreaming(VertxTestContext test) {
    HttpClient client = serverVertx.createHttpClient();
    expect(test, () -> fileToken("stream.bin")
      .compose(token -> chunkedPut(client, token, 3 * (int) MAX_UPLOAD_BYTES / 2)
      .compose(response -> {
        assertThat(response.statusCode()).isEqualTo(413);
        return response.body();
      })
      .compose(body -> {
        assertThat(body.toJsonObject().getString("error")).contains("too large");
        return eventually(() -> record(token.getString("objectId"))
          .map(stored -> FileRecords.PENDING.equals(stored.getString("state"))));
      })
      .compose(v -> nothingStoredFor(token))
      .compose(v -> put(token, Buffer.buffer("a retry that fits")))
      .compose(retry -> {
        assertThat(retry.statusCode()).as("a refused upload gives its token back").isEqualTo(200);
        return get(token.getString("url"));
      })
      .map(download -> {
        assertThat(download.bodyAsString()).isEqualTo("a retry that fits");
        return null;
      })));
  }

  @Test
  void exactlyTheLimitIsAccepted(VertxTestContext test) {
    Buffer bytes = randomBytes((int) MAX_UPLOAD_BYTES, 5);
    expect(test, () -> upload("limit.bin", bytes).compose(token -> get(token.getString("url"))).map(download -> {
      assertThat(download.body()).isEqualTo(bytes);
      return null;
    }));
  }

  @Test
  void interruptedUploadLeavesNothingVisible(VertxTestContext test) {
    int declared = 800 * 1024;
    Buffer partial = randomBytes(600 * 1024, 6); // more than two GridFS chunks
    expect(test, () -> fileToken("cut.bin").compose(token -> rawPartialPut(token, declared, partial)
      .compose(socket -> eventually(() -> chunksOfUpload(token).map(chunks -> chunks >= 2))
        .compose(v -> put(token, Buffer.buffer("meanwhile")))
        .compose(concurrent -> {
          assertThat(concurrent.statusCode()).as("the token is busy while its upload runs").isEqualTo(403);
          return get(token.getString("url"));
        })
        .compose(during -> {
          assertThat(during.statusCode()).isEqualTo(404);
          return socket.close();
        }))
      .compose(v -> eventually(() -> record(token.getString("objectId"))
        .map(stored -> FileRecords.PENDING.equals(stored.getString("state")))))
      .compose(v -> nothingStoredFor(token))
      .compose(v -> put(token, Buffer.buffer("complete this time")))
      .compose(retry -> {
        assertThat(retry.statusCode()).isEqualTo(200);
        return get(token.getString("url"));
      })
      .map(download -> {
        assertThat(download.bodyAsString()).isEqualTo("complete this time");
        return null;
      })));
  }

  @Test
  void continueIsSentOnlyAfterTheTokenCheck(VertxTestContext test) {
    HttpClient client = serverVertx.createHttpClient();
    expect(test, () -> fileToken("continue.txt").compose(token -> {
      String goodUrl = token.getString("upload_url");
      String badUrl = goodUrl.substring(0, goodUrl.indexOf('?')) + "?token=forged";
      return expectingContinue(client, badUrl).compose(refused -> {
        assertThat(refused.continued()).as("no 100 Continue for a refused token").isFalse();
        assertThat(refused.status()).isEqualTo(401);
        return expectingContinue(client, goodUrl);
      }).compose(accepted -> {
        assertThat(accepted.continued()).isTrue();
        assertThat(accepted.status()).isEqualTo(200);
        return get(token.getString("url"));
      }).map(download -> {
        assertThat(download.bodyAsString()).isEqualTo("hello");
        return null;
      });
    }).eventually(() -> client.close()));
  }

  record ContinueResult(boolean continued, int status) {
  }

  /** Sends only the head with Expect: 100-continue, and the 5-byte body once (if ever) the server says continue. */
  private static Future<ContinueResult> expectingContinue(HttpClient client, String url) {
    return client.request(new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url)
        .putHeader("Expect", "100-continue").putHeader("Content-Length", "5"))
      .compose(request -> {
        boolean[] continued = {false};
        request.continueHandler(v -> {
          continued[0] = true;
          request.end(Buffer.buffer("hello"));
        });
        request.exceptionHandler(e -> { });
        request.sendHead();
        return request.response().map(response -> new ContinueResult(continued[0], response.statusCode()));
      });
  }

  /** The record is pending (invisible), and no GridFS file or chunk of any upload attempt of it exists. */
  private static Future<Void> nothingStoredFor(JsonObject token) {
    return record(token.getString("objectId")).compose(stored -> {
      assertThat(stored.getString("state")).isEqualTo(FileRecords.PENDING);
      assertThat(stored.containsKey("blob")).isFalse();
      return get(token.getString("url"));
    }).compose(download -> {
      assertThat(download.statusCode()).isEqualTo(404);
      return mongo.find(GridFsBlobs.BUCKET + ".files", new JsonObject().put("filename", token.getString("name")));
    }).compose(files -> {
      assertThat(files).isEmpty();
      return count(GridFsBlobs.BUCKET + ".chunks");
    // Every GridFS file has a string filename: a range over the bucket's {filename, uploadDate} index lists them all.
    }).compose(allChunks -> mongo.find(GridFsBlobs.BUCKET + ".files",
      new JsonObject().put("filename", new JsonObject().put("$gte", ""))).compose(files -> {
        long expected = 0;
        for (JsonObject file : files) {
          long length = file.getLong("length");
          expected += (length + GridFsBlobs.CHUNK_SIZE - 1) / GridFsBlobs.CHUNK_SIZE;
        }
        assertThat(allChunks).as("no orphan chunks").isEqualTo(expected);
        return Future.<Void>succeededFuture();
      }));
  }

  private static Future<Long> chunksOfUpload(JsonObject token) {
    return record(token.getString("objectId")).compose(stored -> {
      String blobId = FileRecords.blobId(stored);
      if (blobId == null) {
        return Future.succeededFuture(0L);
      }
      return mongo.count(GridFsBlobs.BUCKET + ".chunks",
        new JsonObject().put("files_id", new JsonObject().put("$oid", blobId)));
    });
  }

  /** A PUT with chunked transfer encoding (no Content-Length), writing {@code total} bytes unless stopped. */
  private static Future<HttpClientResponse> chunkedPut(HttpClient client, JsonObject token, int total) {
    return client.request(new RequestOptions().setMethod(HttpMethod.PUT)
        .setAbsoluteURI(token.getString("upload_url")))
      .compose(request -> {
        request.setChunked(true);
        Promise<HttpClientResponse> response = Promise.promise();
        request.response().onComplete(response);
        request.exceptionHandler(e -> { }); // the server may close once it has answered
        writeInPieces(request, total, 0);
        return response.future();
      });
  }

  private static void writeInPieces(io.vertx.core.http.HttpClientRequest request, int total, int written) {
    if (written >= total) {
      request.end();
      return;
    }
    int piece = Math.min(64 * 1024, total - written);
    request.write(randomBytes(piece, written)).onComplete(ar -> {
      if (ar.succeeded()) {
        writeInPieces(request, total, written + piece);
      }
    });
  }

  /** Opens a raw connection and sends the headers of a PUT of {@code declared} bytes but only {@code partial}. */
  private static Future<NetSocket> rawPartialPut(JsonObject token, int declared, Buffer partial) {
    URI uri = URI.create(token.getString("upload_url"));
    return serverVertx.createNetClient().connect(uri.getPort(), uri.getHost()).compose(socket -> {
      String head = "PUT " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + "Content-Type: application/octet-stream\r\n"
        + "Content-Length: " + declared + "\r\n\r\n";
      return socket.write(Buffer.buffer(head).appendBuffer(partial)).map(socket);
    });
  }
}
