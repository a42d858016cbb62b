package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads bytes {@code [first, last]} of a GridFS file a few chunks at a time: each query asks for a window of
 * {@value #WINDOW_CHUNKS} chunks by {@code n}, and the next window is fetched only once the response has room.
 * One query for the whole file would make the embedded store (and a cursor batch on MongoDB) hold the whole file
 * in memory. A missing or short chunk fails the read instead of sending wrong bytes.
 */
final class GridFsReader {

  static final int WINDOW_CHUNKS = 4;

  private final MongoClient mongo;
  private final String chunksCollection;

  GridFsReader(MongoClient mongo, String bucket) {
    this.mongo = mongo;
    this.chunksCollection = bucket + ".chunks";
  }

  /** Writes the range to the response, respecting its backpressure; does not end it. */
  Future<Void> copy(Range range, HttpServerResponse response) {
    return copyFrom(range, range.firstChunk(), response);
  }

  /** The range in memory: only for small ranges (image headers). */
  Future<Buffer> read(Range range) {
    Buffer collected = Buffer.buffer((int) (range.last() - range.first() + 1));
    return readFrom(range, range.firstChunk(), collected::appendBuffer).map(collected);
  }

  private Future<Void> copyFrom(Range range, long chunk, HttpServerResponse response) {
    if (chunk > range.lastChunk()) {
      return Future.succeededFuture();
    }
    long windowEnd = Math.min(chunk + WINDOW_CHUNKS - 1, range.lastChunk());
    return window(range, chunk, windowEnd, response::write)
      .compose(v -> writable(response))
      .compose(v -> copyFrom(range, windowEnd + 1, response));
  }

  private Future<Void> readFrom(Range range, long chunk, Consumer<Buffer> sink) {
    if (chunk > range.lastChunk()) {
      return Future.succeededFuture();
    }
    long windowEnd = Math.min(chunk + WINDOW_CHUNKS - 1, range.lastChunk());
    return window(range, chunk, windowEnd, sink).compose(v -> readFrom(range, windowEnd + 1, sink));
  }

  /** Fetches chunks {@code from..to} and hands their slices of the range to {@code sink}, in order. */
  private Future<Void> window(Range range, long from, long to, Consumer<Buffer> sink) {
    JsonObject query = new JsonObject()
      .put("files_id", GridFsWriter.objectId(range.blobId()))
      .put("n", new JsonObject().put("$gte", from).put("$lte", to));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("n", 1)).setLimit((int) (to - from + 1));
    return mongo.findWithOptions(chunksCollection, query, options).compose(chunks -> {
      try {
        emit(range, from, to, chunks, sink);
        return Future.succeededFuture();
      } catch (IllegalStateException e) {
        return Future.failedFuture(e);
      }
    });
  }

  private static void emit(Range range, long from, long to, List<JsonObject> chunks, Consumer<Buffer> sink) {
    if (chunks.size() != to - from + 1) {
      throw new IllegalStateException("GridFS file " + range.blobId() + " lacks chunks in " + from + ".." + to);
    }
    long n = from;
    for (JsonObject chunk : chunks) {
      Number number = chunk.getNumber("n");
      JsonObject data = chunk.getJsonObject("data");
      byte[] bytes = data == null ? null : data.getBinary("$binary");
      long chunkStart = n * range.chunkSize();
      long expectedLength = Math.min(range.chunkSize(), range.fileLength() - chunkStart);
      if (number == null || number.longValue() != n || bytes == null || bytes.length != expectedLength) {
        throw new IllegalStateException("GridFS file " + range.blobId() + " has a damaged chunk " + n);
      }
      int sliceFrom = (int) Math.max(0, range.first() - chunkStart);
      int sliceTo = (int) Math.min(bytes.length, range.last() + 1 - chunkStart);
      sink.accept(Buffer.buffer(bytes).slice(sliceFrom, sliceTo));
      n++;
    }
  }

  /** Completes once the response can take more, or fails if the client went away. */
  private static Future<Void> writable(HttpServerResponse response) {
    if (response.closed()) {
      return Future.failedFuture(new IllegalStateException("the client went away"));
    }
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    response.drainHandler(v -> promise.tryComplete());
    response.closeHandler(v -> promise.tryFail(new IllegalStateException("the client went away")));
    return promise.future();
  }

  /**
   * Bytes {@code first..last} (inclusive, within the file) of a GridFS file.
   *
   * @param chunkSize  the file's chunk size
   * @param fileLength the file's length
   */
  record Range(String blobId, int chunkSize, long fileLength, long first, long last) {

    long firstChunk() {
      return first / chunkSize;
    }

    long lastChunk() {
      return last / chunkSize;
    }
  }
}
