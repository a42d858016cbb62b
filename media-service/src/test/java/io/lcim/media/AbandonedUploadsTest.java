package io.lcim.media;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Records of uploads never done (or cut off by a crash) go, with their chunks, once no token can still use them. */
class AbandonedUploadsTest extends MediaTestBase {

  private static final Duration TTL = Duration.ofHours(1);

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject());
  }

  @Test
  void onlyLongAbandonedUploadsAreRemoved(VertxTestContext test) {
    FileRecords records = new FileRecords(mongo);
    String crashedBlob = GridFsBlobs.newBlobId();
    expect(test, () -> GridFsBlobs.open(mongo).compose(blobs -> fileToken("never-uploaded.png")
      .compose(neverUploaded -> fileToken("crashed.bin").compose(crashed -> records
        .claimUpload(crashed.getString("objectId"), crashedBlob)
        // a chunk written before the (simulated) crash
        .compose(claimed -> mongo.insert(GridFsBlobs.BUCKET + ".chunks", new JsonObject()
          .put("files_id", new JsonObject().put("$oid", crashedBlob)).put("n", 0)
          .put("data", new JsonObject().put("$binary", new byte[]{1, 2, 3}))))
        .compose(id -> upload("kept.txt", Buffer.buffer("kept")))
        .compose(kept -> {
          AbandonedUploads sweeper = new AbandonedUploads(records, blobs, TTL);
          return sweeper.sweep(System.currentTimeMillis()).compose(fresh -> {
            assertThat(fresh).as("nothing is abandoned while its token may still be used").isZero();
            long later = System.currentTimeMillis() + TTL.plus(AbandonedUploads.GRACE).plusMinutes(1).toMillis();
            return sweeper.sweep(later);
          }).compose(removed -> {
            assertThat(removed).isEqualTo(2);
            return record(neverUploaded.getString("objectId"));
          }).compose(gone -> {
            assertThat(gone).isNull();
            return record(crashed.getString("objectId"));
          }).compose(gone -> {
            assertThat(gone).isNull();
            return mongo.count(GridFsBlobs.BUCKET + ".chunks",
              new JsonObject().put("files_id", new JsonObject().put("$oid", crashedBlob)));
          }).compose(chunks -> {
            assertThat(chunks).isZero();
            return get(kept.getString("url"));
          }).map(download -> {
            assertThat(download.bodyAsString()).as("complete files stay").isEqualTo("kept");
            return null;
          });
        })))));
  }
}
