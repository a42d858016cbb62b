package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The file url: ranges, HEAD, validators and {@code ?imageInfo}. */
class DownloadTest extends MediaTestBase {

  private static final int SIZE = 600 * 1024; // three chunks: 255 KiB, 255 KiB, 90 KiB
  private static final Buffer CONTENT = randomBytes(SIZE, 42);
  private static String url;
  private static String etag;

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject());
    url = await(upload("content.bin", CONTENT)).getString("url");
    etag = "\"" + md5Hex(CONTENT.getBytes()) + "\"";
  }

  @Test
  void rangesAcrossChunkBoundaries(VertxTestContext test) {
    int chunk = GridFsBlobs.CHUNK_SIZE;
    expect(test, () -> expectRange("bytes=0-9", 0, 9)
      .compose(v -> expectRange("bytes=" + (chunk - 5) + "-" + (chunk + 4), chunk - 5, chunk + 4))
      .compose(v -> expectRange("bytes=" + (chunk - 1) + "-" + (2 * chunk), chunk - 1, 2 * chunk))
      .compose(v -> expectRange("bytes=100-", 100, SIZE - 1))
      .compose(v -> expectRange("bytes=-1000", SIZE - 1000, SIZE - 1))
      .compose(v -> expectRange("bytes=" + (SIZE - 1) + "-" + (SIZE + 5000), SIZE - 1, SIZE - 1))
      .compose(v -> expectRange("bytes=-" + (SIZE * 2), 0, SIZE - 1)));
  }

  @Test
  void unsatisfiableRangeIs416(VertxTestContext test) {
    expect(test, () -> http.getAbs(url).putHeader("Range", "bytes=" + SIZE + "-").send().compose(response -> {
      assertThat(response.statusCode()).isEqualTo(416);
      assertThat(response.getHeader("Content-Range")).isEqualTo("bytes */" + SIZE);
      assertThat(response.bodyAsJsonObject().getInteger("code")).isEqualTo(416);
      return http.getAbs(url).putHeader("Range", "bytes=-0").send();
    }).map(response -> {
      assertThat(response.statusCode()).isEqualTo(416);
      return null;
    }));
  }

  @Test
  void malformedOrMultipleRangesGetTheWholeFile(VertxTestContext test) {
    expect(test, () -> http.getAbs(url).putHeader("Range", "bytes=5-1").send().compose(reversed -> {
      assertThat(reversed.statusCode()).isEqualTo(200);
      assertThat(reversed.body()).isEqualTo(CONTENT);
      return http.getAbs(url).putHeader("Range", "bytes=0-1,5-6").send();
    }).compose(multiple -> {
      assertThat(multiple.statusCode()).isEqualTo(200);
      return http.getAbs(url).putHeader("Range", "lines=1-2").send();
    }).map(otherUnit -> {
      assertThat(otherUnit.statusCode()).isEqualTo(200);
      assertThat(otherUnit.body().length()).isEqualTo(SIZE);
      return null;
    }));
  }

  @Test
  void headAnswersHeadersOnly(VertxTestContext test) {
    expect(test, () -> http.requestAbs(HttpMethod.HEAD, url).send().compose(head -> {
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.getHeader("Content-Length")).isEqualTo(String.valueOf(SIZE));
      assertThat(head.getHeader("ETag")).isEqualTo(etag);
      assertThat(head.getHeader("Accept-Ranges")).isEqualTo("bytes");
      assertThat(head.getHeader("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(head.getHeader("Last-Modified")).endsWith("GMT");
      assertThat(head.body()).isNull();
      return http.requestAbs(HttpMethod.HEAD, url).putHeader("Range", "bytes=10-19").send();
    }).map(rangedHead -> {
      assertThat(rangedHead.statusCode()).isEqualTo(206);
      assertThat(rangedHead.getHeader("Content-Length")).isEqualTo("10");
      assertThat(rangedHead.getHeader("Content-Range")).isEqualTo("bytes 10-19/" + SIZE);
      return null;
    }));
  }

  @Test
  void etagValidatorsWork(VertxTestContext test) {
    expect(test, () -> http.getAbs(url).putHeader("If-None-Match", etag).send().compose(notModified -> {
      assertThat(notModified.statusCode()).isEqualTo(304);
      assertThat(notModified.body()).isNull();
      assertThat(notModified.getHeader("ETag")).isEqualTo(etag);
      return http.getAbs(url).putHeader("If-None-Match", "\"other\", W/" + etag).send();
    }).compose(weakMatch -> {
      assertThat(weakMatch.statusCode()).isEqualTo(304);
      return http.getAbs(url).putHeader("If-None-Match", "\"other\"").send();
    }).compose(changed -> {
      assertThat(changed.statusCode()).isEqualTo(200);
      return http.getAbs(url).putHeader("Range", "bytes=0-3").putHeader("If-Range", "\"stale\"").send();
    }).compose(staleIfRange -> {
      assertThat(staleIfRange.statusCode()).as("If-Range with another tag gets the whole file").isEqualTo(200);
      return http.getAbs(url).putHeader("Range", "bytes=0-3").putHeader("If-Range", etag).send();
    }).map(currentIfRange -> {
      assertThat(currentIfRange.statusCode()).isEqualTo(206);
      return null;
    }));
  }

  @Test
  void imageInfoOfGeneratedImages(VertxTestContext test) throws IOException {
    Buffer png = image(37, 23, "png");
    Buffer jpeg = image(64, 48, "jpeg");
    Buffer gif = image(5, 9, "gif");
    expect(test, () -> expectImageInfo("pic.png", png, "png", 37, 23)
      .compose(v -> expectImageInfo("pic.jpg", jpeg, "jpeg", 64, 48))
      .compose(v -> expectImageInfo("pic.gif", gif, "gif", 5, 9)));
  }

  @Test
  void imageInfoOfNonImageIsAJsonError(VertxTestContext test) {
    expect(test, () -> http.getAbs(url + "?imageInfo").send().map(response -> {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).isNotEmpty();
      return null;
    }));
  }

  @Test
  void unknownAndExternalFilesAre404(VertxTestContext test) {
    String base = "http://127.0.0.1:" + port;
    expect(test, () -> get(base + "/files/0123456789abcdef01234567/x.png").compose(unknown -> {
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.bodyAsJsonObject().getInteger("code")).isEqualTo(101);
      return get(base + "/files/..%2F..%2Fetc%2Fpasswd");
    }).compose(traversal -> {
      assertThat(traversal.statusCode()).isEqualTo(404);
      return signed(post("/1.1/files")).sendJsonObject(new JsonObject().put("name", "e.png")
        .put("url", "https://cdn.example.com/e.png"));
    }).compose(external -> get(base + "/files/" + external.bodyAsJsonObject().getString("objectId") + "/e.png"))
      .map(externalDownload -> {
        assertThat(externalDownload.statusCode()).isEqualTo(404);
        return null;
      }));
  }

  @Test
  void emptyFileDownloadsEmpty(VertxTestContext test) {
    expect(test, () -> upload("empty.txt", Buffer.buffer()).compose(token -> get(token.getString("url"))
      .compose(download -> {
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.getHeader("Content-Length")).isEqualTo("0");
        assertThat(download.body() == null || download.body().length() == 0).isTrue();
        return http.getAbs(token.getString("url")).putHeader("Range", "bytes=0-").send();
      })
      .map(range -> {
        assertThat(range.statusCode()).as("no byte of an empty file can be selected").isEqualTo(416);
        return null;
      })));
  }

  @Test
  void nameSegmentDoesNotMatter(VertxTestContext test) {
    String objectPath = url.substring(0, url.lastIndexOf('/'));
    expect(test, () -> get(objectPath).compose(bare -> {
      assertThat(bare.statusCode()).isEqualTo(200);
      assertThat(bare.body()).isEqualTo(CONTENT);
      return get(objectPath + "/another-name.bin");
    }).map(renamed -> {
      assertThat(renamed.body()).isEqualTo(CONTENT);
      return null;
    }));
  }

  private static Future<Void> expectRange(String header, int first, int last) {
    return http.getAbs(url).putHeader("Range", header).send().map(response -> {
      assertThat(response.statusCode()).as(header).isEqualTo(206);
      assertThat(response.getHeader("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + SIZE);
      assertThat(response.getHeader("Content-Length")).isEqualTo(String.valueOf(last - first + 1));
      assertThat(response.body()).as(header).isEqualTo(CONTENT.getBuffer(first, last + 1));
      return null;
    });
  }

  private static Future<Void> expectImageInfo(String name, Buffer bytes, String format, int width, int height) {
    return upload(name, bytes).compose(token -> http.getAbs(token.getString("url") + "?imageInfo").send())
      .map((HttpResponse<Buffer> response) -> {
        assertThat(response.statusCode()).as(name).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("format", format)
          .put("width", width).put("height", height).put("size", bytes.length()));
        return null;
      });
  }

  static Buffer image(int width, int height, String format) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width / 2 + 1, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IOException("no ImageIO writer for " + format);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
