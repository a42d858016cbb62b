package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoGridFsClient;
import org.bson.types.ObjectId;

/**
 * File contents in the GridFS bucket {@value #BUCKET}, opened and deleted through vertx-mongo's GridFS client.
 * Writes and reads work on the bucket's chunks directly ({@link GridFsWriter}, {@link GridFsReader}): the client's
 * streams can neither bound an upload's memory nor start at an offset, and its download asks for all chunks of a
 * file in one query, which the embedded store answers by holding the whole file in memory.
 */
final class GridFsBlobs {

  static final String BUCKET = "media";
  /** GridFS's customary chunk size: below 256 KiB, so a chunk document stays in MongoDB's small-allocation range. */
  static final int CHUNK_SIZE = 255 * 1024;

  private final MongoClient mongo;
  private final MongoGridFsClient gridFs;
  private final GridFsReader reader;

  private GridFsBlobs(MongoClient mongo, MongoGridFsClient gridFs) {
    this.mongo = mongo;
    this.gridFs = gridFs;
    this.reader = new GridFsReader(mongo, BUCKET);
  }

  /** Opens the bucket and creates GridFS's standard indexes (our writer inserts chunks itself). */
  static Future<GridFsBlobs> open(MongoClient mongo) {
    return mongo.createGridFsBucketService(BUCKET)
      .compose(gridFs -> mongo.createIndexWithOptions(BUCKET + ".chunks",
          new JsonObject().put("files_id", 1).put("n", 1), new IndexOptions().unique(true))
        .compose(v -> mongo.createIndex(BUCKET + ".files", new JsonObject().put("filename", 1).put("uploadDate", 1)))
        .map(v -> new GridFsBlobs(mongo, gridFs)));
  }

  static String newBlobId() {
    return new ObjectId().toHexString();
  }

  /** Streams the paused {@code source} into a new GridFS file (see {@link GridFsWriter#run()}). */
  Future<StoredBlob> write(String blobId, String filename, ReadStream<Buffer> source, long maxBytes) {
    return new GridFsWriter(mongo, BUCKET, CHUNK_SIZE, blobId, filename, source, maxBytes).run();
  }

  /** Writes bytes {@code first..last} of a stored file to the response (see {@link GridFsReader}). */
  Future<Void> copy(StoredBlob blob, long first, long last, HttpServerResponse response) {
    return reader.copy(new GridFsReader.Range(blob.id(), blob.chunkSize(), blob.length(), first, last), response);
  }

  /** At most the first {@code maxBytes} of a stored file, in memory (for header sniffing). */
  Future<Buffer> readPrefix(StoredBlob blob, int maxBytes) {
    if (blob.length() == 0) {
      return Future.succeededFuture(Buffer.buffer());
    }
    long last = Math.min(blob.length(), maxBytes) - 1;
    return reader.read(new GridFsReader.Range(blob.id(), blob.chunkSize(), blob.length(), 0, last));
  }

  /**
   * Removes a file and its chunks through the GridFS client. An upload that never completed has no files document,
   * which the GridFS client reports as an error: then its chunks are removed directly.
   */
  Future<Void> delete(String blobId) {
    return gridFs.delete(blobId).recover(e -> GridFsWriter.deleteChunks(mongo, BUCKET, blobId));
  }
}
