package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.MongoClient;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams one upload into GridFS (the standard {@code files}/{@code chunks} layout, readable by any GridFS client).
 *
 * <p>The driver's own publisher-based upload inserts up to 256 chunks concurrently, so a fast client could park
 * ~64 MiB per upload in memory, and an aborted upload could race in-flight inserts past its cleanup. Here one chunk
 * is written at a time while the source is paused: memory per upload stays at about one chunk, and once an insert
 * is in flight nothing else is, so a failure can always delete every chunk written. The files document is inserted
 * last, so a GridFS reader never sees an incomplete file.
 */
final class GridFsWriter {

  private final MongoClient mongo;
  private final String bucket;
  private final int chunkSize;
  private final String blobId;
  private final String filename;
  private final ReadStream<Buffer> source;
  private final long maxBytes;
  private final Promise<StoredBlob> result = Promise.promise();
  private final MessageDigest md5 = newMd5();
  private Buffer pending = Buffer.buffer();
  private long received;
  private int nextChunk;
  private boolean writing;
  private boolean ended;
  private Throwable failure;

  GridFsWriter(MongoClient mongo, String bucket, int chunkSize, String blobId, String filename,
               ReadStream<Buffer> source, long maxBytes) {
    this.mongo = mongo;
    this.bucket = bucket;
    this.chunkSize = chunkSize;
    this.blobId = blobId;
    this.filename = filename;
    this.source = source;
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the (paused) source to its end. Fails with TOO_LARGE past {@code maxBytes}, or with the source's or the
   * store's error; after any failure the chunks written are deleted and the source is left paused.
   */
  Future<StoredBlob> run() {
    source.exceptionHandler(this::fail);
    source.endHandler(v -> {
      ended = true;
      if (!writing) {
        finish();
      }
    });
    source.handler(this::received);
    source.resume();
    return result.future();
  }

  private void received(Buffer data) {
    if (failure != null) {
      return;
    }
    received += data.length();
    if (received > maxBytes) {
      fail(RestError.TOO_LARGE.exception("The limit is " + maxBytes + " bytes."));
      return;
    }
    md5.update(data.getBytes());
    pending.appendBuffer(data);
    if (!writing && pending.length() >= chunkSize) {
      writeFullChunks();
    }
  }

  /** Writes chunks while a full one is pending, with the source paused, then lets data flow (or finishes) again. */
  private void writeFullChunks() {
    if (failure != null) {
      cleanUp();
      return;
    }
    if (pending.length() < chunkSize) {
      writing = false;
      if (ended) {
        finish();
      } else {
        source.resume();
      }
      return;
    }
    writing = true;
    source.pause();
    Buffer chunk = pending.getBuffer(0, chunkSize);
    pending = pending.getBuffer(chunkSize, pending.length());
    insertChunk(chunk).onComplete(ar -> {
      if (ar.failed()) {
        failure = failure == null ? ar.cause() : failure;
      }
      writeFullChunks();
    });
  }

  private void finish() {
    if (failure != null) {
      return;
    }
    writing = true;
    Future<Void> last = pending.length() > 0 ? insertChunk(pending) : Future.succeededFuture();
    pending = Buffer.buffer();
    String checksum = HexFormat.of().formatHex(md5.digest());
    last.compose(v -> mongo.insert(bucket + ".files", filesDocument(checksum)))
      .onSuccess(id -> result.tryComplete(new StoredBlob(blobId, received, chunkSize, checksum)))
      .onFailure(e -> {
        failure = e;
        cleanUp();
      });
  }

  private void fail(Throwable cause) {
    if (failure != null) {
      return;
    }
    failure = cause;
    source.pause();
    pending = Buffer.buffer();
    if (!writing) {
      cleanUp();
    }
    // else the insert in flight calls cleanUp when it completes: deleting now could miss its chunk
  }

  private void cleanUp() {
    deleteChunks(mongo, bucket, blobId).onComplete(ar -> result.tryFail(failure));
  }

  private Future<Void> insertChunk(Buffer data) {
    JsonObject chunk = new JsonObject()
      .put("files_id", objectId(blobId))
      .put("n", nextChunk++)
      .put("data", new JsonObject().put("$binary", data.getBytes()));
    return mongo.insert(bucket + ".chunks", chunk).mapEmpty();
  }

  private JsonObject filesDocument(String checksum) {
    return new JsonObject()
      .put("_id", objectId(blobId))
      .put("length", received)
      .put("chunkSize", chunkSize)
      .put("uploadDate", Dates.stored(System.currentTimeMillis()))
      .put("filename", filename)
      .put("metadata", new JsonObject().put("md5", checksum));
  }

  static Future<Void> deleteChunks(MongoClient mongo, String bucket, String blobId) {
    return mongo.removeDocuments(bucket + ".chunks", new JsonObject().put("files_id", objectId(blobId))).mapEmpty();
  }

  static JsonObject objectId(String hex) {
    return new JsonObject().put("$oid", hex);
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
