package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoGridFsClient;
import org.bson.types.ObjectId;

/**
 * File contents in the GridFS bucket {@value #BUCKET}. Whole files are read through vertx-mongo's GridFS client;
 * byte ranges and uploads work on the bucket's chunks directly (see {@link GridFsWriter}, {@link ChunkRangeStream}),
 * since the GridFS client can neither start a read at an offset nor bound an upload's memory.
 */
final class GridFsBlobs {

  static final String BUCKET = "media";
  /** GridFS's customary chunk size: below 256 KiB, so a chunk document stays in MongoDB's small-allocation range. */
  static final int CHUNK_SIZE = 255 * 1024;
  /** Chunks fetched per cursor batch while reading a range: bounds a download's memory to a few chunks. */
  private static final int READ_BATCH_CHUNKS = 2;

  private final MongoClient mongo;
  private final MongoGridFsClient gridFs;

  private GridFsBlobs(MongoClient mongo, MongoGridFsClient gridFs) {
    this.mongo = mongo;
    this.gridFs = gridFs;
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

  /** The whole file. */
  ReadStream<Buffer> readAll(String blobId) {
    return gridFs.readById(blobId);
  }

  /** Bytes {@code first..last} (inclusive) of a file of {@code length} bytes stored in chunks of {@code chunkSize}. */
  ReadStream<Buffer> readRange(String blobId, int chunkSize, long length, long first, long last) {
    JsonObject query = new JsonObject()
      .put("files_id", GridFsWriter.objectId(blobId))
      .put("n", new JsonObject()
        .put("$gte", ChunkRangeStream.firstChunk(first, chunkSize))
        .put("$lte", ChunkRangeStream.lastChunk(last, chunkSize)));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("n", 1)).setBatchSize(READ_BATCH_CHUNKS);
    ReadStream<JsonObject> chunks = mongo.findBatchWithOptions(BUCKET + ".chunks", query, options);
    return new ChunkRangeStream(chunks, chunkSize, length, first, last);
  }

  /** At most the first {@code maxBytes} of a file, in memory (for header sniffing). */
  Future<Buffer> readPrefix(String blobId, int chunkSize, long length, int maxBytes) {
    if (length == 0) {
      return Future.succeededFuture(Buffer.buffer());
    }
    long last = Math.min(length, maxBytes) - 1;
    Buffer collected = Buffer.buffer((int) last + 1);
    Promise<Buffer> promise = Promise.promise();
    ReadStream<Buffer> stream = readRange(blobId, chunkSize, length, 0, last);
    stream.exceptionHandler(promise::tryFail);
    stream.endHandler(v -> promise.tryComplete(collected));
    stream.handler(collected::appendBuffer);
    return promise.future();
  }

  /** Removes a file and its chunks; also the orphan chunks of an upload that never completed. */
  Future<Void> delete(String blobId) {
    return mongo.removeDocuments(BUCKET + ".files", new JsonObject().put("_id", GridFsWriter.objectId(blobId)))
      .compose(v -> GridFsWriter.deleteChunks(mongo, BUCKET, blobId));
  }
}
