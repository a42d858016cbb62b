package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The three-step upload of {@code new AV.File(name, data).save()}, the file records, and their auth. */
class UploadFlowTest extends MediaTestBase {

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject());
  }

  @Test
  void uploadedBytesDownloadUnchanged(VertxTestContext test) {
    Buffer bytes = randomBytes(700 * 1024, 1); // three GridFS chunks
    expect(test, () -> fileToken(new JsonObject().put("name", "avatar.jpg")
        .put("metaData", new JsonObject().put("owner", "unknown").put("size", 1)))
      .compose(token -> {
        assertThat(token.getString("provider")).isEqualTo("s3");
        assertThat(token.getString("token")).isNotEmpty();
        assertThat(token.getString("mime_type")).isEqualTo("image/jpeg");
        assertThat(token.getString("bucket")).isNotEmpty();
        assertThat(token.getString("objectId")).matches("[0-9a-f]{24}");
        assertThat(token.getString("url")).matches(java.util.regex.Pattern.quote("http://127.0.0.1:" + port
          + "/files/" + token.getString("objectId") + "/") + "[A-Za-z0-9_-]{22}/avatar\\.jpg");
        assertThat(token.getString("url")).endsWith("/" + token.getString("key"));
        assertThat(token.getString("upload_url")).startsWith("http://127.0.0.1:" + port + "/uploads/");
        return get(token.getString("url")).compose(before -> {
          assertThat(before.statusCode()).as("not downloadable before its upload").isEqualTo(404);
          return put(token, bytes);
        }).compose(uploaded -> {
          assertThat(uploaded.statusCode()).isEqualTo(200);
          assertThat(uploaded.getHeader("ETag")).isEqualTo("\"" + md5Hex(bytes.getBytes()) + "\"");
          return callback(token, true);
        }).compose(called -> {
          assertThat(called.statusCode()).isEqualTo(200);
          assertThat(called.bodyAsJsonObject()).isEqualTo(new JsonObject());
          return get(token.getString("url"));
        }).compose(download -> {
          assertThat(download.statusCode()).isEqualTo(200);
          assertThat(download.body()).isEqualTo(bytes);
          assertThat(download.getHeader("Content-Type")).isEqualTo("image/jpeg");
          assertThat(download.getHeader("Content-Length")).isEqualTo(String.valueOf(bytes.length()));
          assertThat(download.getHeader("Cache-Control")).contains("immutable").contains("max-age=31536000");
          assertThat(download.getHeader("ETag")).isEqualTo("\"" + md5Hex(bytes.getBytes()) + "\"");
          assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
          return withMasterKey(http.get(port, "127.0.0.1", "/1.1/files/" + token.getString("objectId"))).send();
        }).map(fetched -> {
          assertThat(fetched.statusCode()).isEqualTo(200);
          JsonObject file = fetched.bodyAsJsonObject();
          assertThat(file.getString("objectId")).isEqualTo(token.getString("objectId"));
          assertThat(file.getString("name")).isEqualTo("avatar.jpg");
          assertThat(file.getString("url")).isEqualTo(token.getString("url"));
          assertThat(file.getString("mime_type")).isEqualTo("image/jpeg");
          assertThat(file.getString("key")).isEqualTo(token.getString("key"));
          assertThat(file.getJsonObject("metaData").getLong("size")).as("the server's size wins")
            .isEqualTo(700 * 1024L);
          assertThat(file.getJsonObject("metaData").getString("_checksum")).isEqualTo(md5Hex(bytes.getBytes()));
          assertThat(file.getJsonObject("metaData").getString("owner")).isEqualTo("unknown");
          assertThat(file.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
          assertThat(file.containsKey("state")).as("internal fields stay inside").isFalse();
          assertThat(file.containsKey("blob")).isFalse();
          return null;
        });
      }));
  }

  @Test
  void classPathServesTheSameRecord(VertxTestContext test) {
    expect(test, () -> upload("notes.txt", Buffer.buffer("hello")).compose(token ->
      withMasterKey(http.get(port, "127.0.0.1", "/1.1/classes/_File/" + token.getString("objectId"))).send()
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.bodyAsJsonObject().getString("url")).isEqualTo(token.getString("url"));
          assertThat(response.bodyAsJsonObject().getString("mime_type")).isEqualTo("text/plain");
          return null;
        })));
  }

  @Test
  void wrongAppKeyIsRefusedAndNothingStored(VertxTestContext test) {
    expect(test, () -> count(FileRecords.COLLECTION).compose(before ->
      post("/1.1/fileTokens").putHeader("X-LC-Id", APP_ID).putHeader("X-LC-Key", "not-the-key")
        .sendJsonObject(new JsonObject().put("name", "a.png"))
        .compose(response -> {
          assertThat(response.statusCode()).isEqualTo(401);
          assertThat(response.bodyAsJsonObject())
            .isEqualTo(new JsonObject().put("code", 401).put("error", "Unauthorized."));
          String ts = Long.toString(System.currentTimeMillis());
          return post("/1.1/fileTokens").putHeader("X-LC-Id", APP_ID)
            .putHeader("X-LC-Sign", md5Hex(ts + "wrong-key") + "," + ts)
            .sendJsonObject(new JsonObject().put("name", "a.png"));
        })
        .compose(signedWrong -> {
          assertThat(signedWrong.statusCode()).isEqualTo(401);
          return post("/1.1/files").sendJsonObject(new JsonObject().put("name", "x").put("url", "http://e.com/x"));
        })
        .compose(noHeaders -> {
          assertThat(noHeaders.statusCode()).isEqualTo(401);
          return count(FileRecords.COLLECTION);
        })
        .map(after -> {
          assertThat(after).isEqualTo(before);
          return null;
        })));
  }

  @Test
  void appKeyHeaderAndSignatureAreBothAccepted(VertxTestContext test) {
    expect(test, () -> withAppKey(post("/1.1/fileTokens")).sendJsonObject(new JsonObject().put("name", "k.bin"))
      .compose(byKey -> {
        assertThat(byKey.statusCode()).isEqualTo(200);
        assertThat(byKey.bodyAsJsonObject().getString("mime_type")).isEqualTo("application/octet-stream");
        return signed(post("/1.1/fileTokens")).sendJsonObject(new JsonObject().put("name", "s.bin"));
      })
      .map(bySign -> {
        assertThat(bySign.statusCode()).isEqualTo(200);
        return null;
      }));
  }

  @Test
  void deleteNeedsTheMasterKey(VertxTestContext test) {
    expect(test, () -> upload("doomed.png", Buffer.buffer("png?")).compose(token -> {
      String path = "/1.1/files/" + token.getString("objectId");
      return signed(http.delete(port, "127.0.0.1", path)).send()
        .compose(byApp -> {
          assertThat(byApp.statusCode()).isEqualTo(403);
          assertThat(byApp.bodyAsJsonObject().getInteger("code")).isEqualTo(119);
          return get(token.getString("url"));
        })
        .compose(stillThere -> {
          assertThat(stillThere.statusCode()).isEqualTo(200);
          return withMasterKey(http.delete(port, "127.0.0.1", path)).send();
        })
        .compose(byMaster -> {
          assertThat(byMaster.statusCode()).isEqualTo(200);
          return get(token.getString("url"));
        })
        .compose(gone -> {
          assertThat(gone.statusCode()).isEqualTo(404);
          assertThat(gone.bodyAsJsonObject().getInteger("code")).isEqualTo(101);
          return withMasterKey(http.delete(port, "127.0.0.1", path)).send();
        })
        .map(again -> {
          assertThat(again.statusCode()).isEqualTo(404);
          return null;
        });
    }));
  }

  @Test
  void deletedFileLeavesNoChunks(VertxTestContext test) {
    expect(test, () -> upload("gone.bin", randomBytes(300 * 1024, 7)).compose(token ->
      record(token.getString("objectId")).compose(stored -> {
        String blobId = FileRecords.blobId(stored);
        return withMasterKey(http.delete(port, "127.0.0.1", "/1.1/files/" + token.getString("objectId"))).send()
          .compose(deleted -> mongo.count(GridFsBlobs.BUCKET + ".chunks",
            new JsonObject().put("files_id", new JsonObject().put("$oid", blobId))))
          .compose(chunks -> {
            assertThat(chunks).isZero();
            return mongo.count(GridFsBlobs.BUCKET + ".files",
              new JsonObject().put("_id", new JsonObject().put("$oid", blobId)));
          })
          .map(files -> {
            assertThat(files).isZero();
            return null;
          });
      })));
  }

  @Test
  void failedCallbackDiscardsTheFile(VertxTestContext test) {
    expect(test, () -> fileToken("given-up.png").compose(token -> put(token, Buffer.buffer("bytes"))
      .compose(put -> callback(token, false))
      .compose(called -> {
        assertThat(called.statusCode()).isEqualTo(200);
        return get(token.getString("url"));
      })
      .compose(download -> {
        assertThat(download.statusCode()).isEqualTo(404);
        return record(token.getString("objectId"));
      })
      .map(stored -> {
        assertThat(stored).isNull();
        return null;
      })));
  }

  @Test
  void callbackWithForgedTokenIsRefused(VertxTestContext test) {
    expect(test, () -> fileToken("x.png").compose(token -> signed(post("/1.1/fileCallback"))
      .sendJsonObject(new JsonObject().put("token", token.getString("token") + "x").put("result", false))
      .compose(response -> {
        assertThat(response.statusCode()).isEqualTo(401);
        return record(token.getString("objectId"));
      })
      .map(stored -> {
        assertThat(stored).as("a forged callback deletes nothing").isNotNull();
        return null;
      })));
  }

  @Test
  void fileByUrlIsRecordedAsSent(VertxTestContext test) {
    // What AV.File.withURL('cat.png', url).save() sends: no mime_type, size 0, __source external.
    JsonObject body = new JsonObject().put("name", "cat.png").put("url", "https://cdn.example.com/cat.png")
      .put("metaData", new JsonObject().put("owner", "unknown").put("__source", "external").put("size", 0));
    expect(test, () -> signed(post("/1.1/files")).sendJsonObject(body).compose(created -> {
      assertThat(created.statusCode()).isEqualTo(201);
      String objectId = created.bodyAsJsonObject().getString("objectId");
      assertThat(objectId).matches("[0-9a-f]{24}");
      return withMasterKey(http.get(port, "127.0.0.1", "/1.1/files/" + objectId)).send();
    }).map(fetched -> {
      assertThat(fetched.statusCode()).isEqualTo(200);
      JsonObject file = fetched.bodyAsJsonObject();
      assertThat(file.getString("url")).isEqualTo("https://cdn.example.com/cat.png");
      assertThat(file.getString("name")).isEqualTo("cat.png");
      assertThat(file.getString("mime_type")).isEqualTo("image/png");
      assertThat(file.getString("provider")).isEqualTo("external");
      assertThat(file.getJsonObject("metaData").getString("__source")).isEqualTo("external");
      return null;
    }));
  }

  @Test
  void fileByUrlNeedsAnHttpUrl(VertxTestContext test) {
    expect(test, () -> signed(post("/1.1/files"))
      .sendJsonObject(new JsonObject().put("name", "x").put("url", "javascript:alert(1)"))
      .compose(response -> {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("url");
        return signed(post("/1.1/files")).sendJsonObject(new JsonObject().put("name", "x"));
      })
      .map(response -> {
        assertThat(response.statusCode()).isEqualTo(400);
        return null;
      }));
  }

  @Test
  void badBodiesGetJsonErrors(VertxTestContext test) {
    expect(test, () -> signed(post("/1.1/fileTokens")).sendBuffer(Buffer.buffer("{not json"))
      .compose(malformed -> {
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getInteger("code")).isEqualTo(107);
        return signed(post("/1.1/fileTokens")).sendJsonObject(new JsonObject().put("name", "a")
          .put("metaData", new JsonObject().put("$where", 1)));
      })
      .compose(operatorKey -> {
        assertThat(operatorKey.statusCode()).isEqualTo(400);
        assertThat(operatorKey.bodyAsJsonObject().getInteger("code")).isEqualTo(105);
        return signed(post("/1.1/fileTokens")).sendJsonObject(new JsonObject().put("name", 12));
      })
      .compose(wrongType -> {
        assertThat(wrongType.statusCode()).isEqualTo(400);
        return signed(post("/1.1/fileTokens")).sendBuffer(Buffer.buffer("x".repeat(100 * 1024)));
      })
      .compose(tooBig -> {
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.bodyAsJsonObject().containsKey("error")).isTrue();
        return withMasterKey(http.get(port, "127.0.0.1", "/1.1/files/not-an-id")).send();
      })
      .map(unknown -> {
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getInteger("code")).isEqualTo(101);
        return null;
      }));
  }

  @Test
  void forwardedProtoAndHostMakeTheUrls(VertxTestContext test) {
    expect(test, () -> signed(post("/1.1/fileTokens")).putHeader("Host", "im.example.com")
      .putHeader("X-Forwarded-Proto", "https").sendJsonObject(new JsonObject().put("name", "a.png"))
      .compose(response -> {
        JsonObject token = response.bodyAsJsonObject();
        assertThat(token.getString("url")).startsWith("https://im.example.com/files/");
        assertThat(token.getString("upload_url")).startsWith("https://im.example.com/uploads/");
        return signed(post("/1.1/fileTokens")).putHeader("Host", "evil.com\"/><script>")
          .sendJsonObject(new JsonObject().put("name", "a.png"));
      })
      .map(badHost -> {
        assertThat(badHost.statusCode()).as(badHost.bodyAsString() + badHost.headers()).isEqualTo(400);
        return null;
      }));
  }

  @Test
  void anyNameStaysInsideItsUrlAndHeaders(VertxTestContext test) {
    String name = "../../etc/pa ss\"wd\r\nX-Injected: 1;发自我的小米.png";
    expect(test, () -> upload(name, Buffer.buffer("content")).compose(token -> {
      String url = token.getString("url");
      String objectId = token.getString("objectId");
      assertThat(url).startsWith("http://127.0.0.1:" + port + "/files/" + objectId + "/");
      // After the object id, its "/", the 22-character secret and its "/": the name, one path segment.
      assertThat(url.substring(url.indexOf(objectId) + 25 + 23)).doesNotContain("/", " ", "\"", "\r", "\n", "?");
      return get(url).map(download -> {
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.bodyAsString()).isEqualTo("content");
        assertThat(download.headers().contains("X-Injected")).isFalse();
        String disposition = download.getHeader("Content-Disposition");
        assertThat(disposition).startsWith("inline; filename=\"").contains("filename*=UTF-8''")
          .doesNotContain("\r", "\n").contains("%E5%8F%91");
        return null;
      });
    }));
  }

  @Test
  void dotOnlyNamesAreEncoded(VertxTestContext test) {
    expect(test, () -> fileToken("..").map(token -> {
      assertThat(token.getString("url")).endsWith("/%2E%2E");
      return null;
    }));
  }

  @Test
  void concurrentUploadsKeepTheirBytes(VertxTestContext test) {
    List<Future<Void>> uploads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Buffer bytes = randomBytes(200 * 1024 + i * 37 * 1024, 100 + i);
      uploads.add(upload("file" + i + ".bin", bytes).compose(token -> get(token.getString("url")))
        .map(download -> {
          assertThat(download.statusCode()).isEqualTo(200);
          assertThat(download.body()).isEqualTo(bytes);
          return null;
        }));
    }
    expect(test, () -> Future.all(uploads));
  }

  @Test
  void corsPreflightIsAnswered(VertxTestContext test) {
    expect(test, () -> http.request(io.vertx.core.http.HttpMethod.OPTIONS, port, "127.0.0.1", "/uploads/abc")
      .putHeader("Origin", "http://app.example.com")
      .putHeader("Access-Control-Request-Method", "PUT")
      .putHeader("Access-Control-Request-Headers", "content-type,cache-control")
      .send()
      .map(response -> {
        assertThat(response.statusCode()).isBetween(200, 204);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNotNull();
        assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("PUT");
        return null;
      }));
  }
}
