package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 50 MiB upload and download through a server whose JVM has a 64 MiB heap (the surefire execution "low-heap"
 * runs this class alone with -Xmx64m). The store runs in a JVM of its own, so this heap holds the service, the test
 * client and nothing else: had the upload or the download been buffered whole, it could not fit.
 */
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class LargeUploadTest extends MediaTestBase {

  private static final long LOW_HEAP_LIMIT = 80L * 1024 * 1024;
  private static final int SIZE = 50 * 1024 * 1024;
  private static ExternalMongo store;
  private static Path dataDir;
  private static Path source;
  private static String sourceMd5;

  @BeforeAll
  static void start() throws Exception {
    if (!Boolean.getBoolean("media.lowHeap")) {
      Assumptions.abort("runs only in the low-heap surefire execution");
    }
    assertThat(Runtime.getRuntime().maxMemory()).as("the low-heap execution's -Xmx is in force")
      .isLessThanOrEqualTo(LOW_HEAP_LIMIT);
    dataDir = Files.createTempDirectory("lcim-media-large");
    source = dataDir.resolve("upload.bin");
    sourceMd5 = writeRandomFile(source, SIZE);
    store = ExternalMongo.start();
    startServer(store.uri(), new JsonObject().put(MediaConfig.MAX_UPLOAD_BYTES, String.valueOf(64L * 1024 * 1024)));
  }

  @AfterAll
  static void deleteFiles() throws Exception {
    stopServer();
    if (store != null) {
      store.close();
    }
    if (dataDir != null) {
      try (var paths = Files.walk(dataDir)) {
        paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void fiftyMebibytesStreamThroughASmallHeap(VertxTestContext test) {
    HttpClient client = serverVertx.createHttpClient();
    expect(test, () -> fileToken("big.bin").compose(token -> streamUpload(client, token)
      .compose(uploaded -> {
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(uploaded.getHeader("ETag")).isEqualTo("\"" + sourceMd5 + "\"");
        return callback(token, true);
      })
      .compose(called -> digestDownload(client, token.getString("url"), null))
      .compose(whole -> {
        assertThat(whole).isEqualTo(new Digest(SIZE, sourceMd5));
        return digestDownload(client, token.getString("url"), "bytes=" + (SIZE - 300_000) + "-");
      })
      .map(tail -> {
        assertThat(tail).isEqualTo(new Digest(300_000, md5OfFileRange(SIZE - 300_000, 300_000)));
        return null;
      })));
  }

  private static Future<HttpClientResponse> streamUpload(HttpClient client, JsonObject token) {
    return serverVertx.fileSystem().open(source.toString(), new OpenOptions().setRead(true))
      .compose((AsyncFile file) -> client.request(new RequestOptions().setMethod(HttpMethod.PUT)
          .setAbsoluteURI(token.getString("upload_url"))
          .putHeader("Content-Type", token.getString("mime_type"))
          .putHeader("Content-Length", String.valueOf(SIZE)))
        .compose(request -> request.send(file)));
  }

  record Digest(long length, String md5) {
  }

  /** Downloads without keeping the body: only its length and MD5. */
  private static Future<Digest> digestDownload(HttpClient client, String url, String range) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url);
    if (range != null) {
      options.putHeader("Range", range);
    }
    return client.request(options).compose(request -> request.send()).compose(response -> {
      assertThat(response.statusCode()).isEqualTo(range == null ? 200 : 206);
      MessageDigest md5 = md5();
      long[] length = {0};
      Promise<Digest> done = Promise.promise();
      response.handler(data -> {
        length[0] += data.length();
        md5.update(data.getBytes());
      });
      response.exceptionHandler(done::tryFail);
      response.endHandler(v -> done.tryComplete(new Digest(length[0], HexFormat.of().formatHex(md5.digest()))));
      return done.future();
    });
  }

  private static String writeRandomFile(Path path, int size) throws IOException {
    MessageDigest md5 = md5();
    Random random = new Random(2026);
    byte[] piece = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(path)) {
      for (int written = 0; written < size; written += piece.length) {
        random.nextBytes(piece);
        out.write(piece);
        md5.update(piece);
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static String md5OfFileRange(long offset, int length) {
    try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "r")) {
      byte[] bytes = new byte[length];
      file.seek(offset);
      file.readFully(bytes);
      return md5Hex(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
