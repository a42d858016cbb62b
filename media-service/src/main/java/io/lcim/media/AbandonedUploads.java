package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes file records whose upload never completed, with any chunks written for them: a token that was never used,
 * or an upload cut off by a server crash (a client's own failure already cleans up after itself). Only records older
 * than the token lifetime plus {@link #GRACE} go, so that no upload still allowed to run is touched; running it on
 * several nodes at once is harmless.
 */
final class AbandonedUploads {

  static final Duration GRACE = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(AbandonedUploads.class);
  private static final int BATCH = 100;

  private final FileRecords records;
  private final GridFsBlobs blobs;
  private final Duration tokenTtl;

  AbandonedUploads(FileRecords records, GridFsBlobs blobs, Duration tokenTtl) {
    this.records = records;
    this.blobs = blobs;
    this.tokenTtl = tokenTtl;
  }

  /** One pass over at most a batch of abandoned records; the number removed. */
  Future<Integer> sweep(long nowMillis) {
    long createdBefore = nowMillis - tokenTtl.plus(GRACE).toMillis();
    return records.findAbandoned(createdBefore, BATCH).compose(abandoned -> {
      List<Future<Boolean>> removals = new ArrayList<>();
      for (JsonObject record : abandoned) {
        removals.add(remove(record));
      }
      return Future.all(removals).map(done -> (int) removals.stream().filter(f -> f.result()).count());
    }).onSuccess(count -> {
      if (count > 0) {
        LOG.info("Removed {} abandoned upload(s)", count);
      }
    });
  }

  private Future<Boolean> remove(JsonObject record) {
    String objectId = record.getString("_id");
    return records.deleteIn(objectId, record.getString("state")).compose(removed -> {
      String blobId = FileRecords.blobId(record);
      if (!removed || blobId == null) {
        return Future.succeededFuture(removed);
      }
      return blobs.delete(blobId).map(true);
    });
  }
}
