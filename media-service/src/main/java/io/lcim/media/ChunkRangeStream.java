package io.lcim.media;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

/**
 * The bytes {@code [first, last]} of a GridFS file, cut from a stream of its chunk documents sorted by {@code n}
 * (only the chunks covering the range are queried). A missing or short chunk fails the stream instead of sending
 * wrong bytes.
 */
final class ChunkRangeStream implements ReadStream<Buffer> {

  private final ReadStream<JsonObject> chunks;
  private final int chunkSize;
  private final long fileLength;
  private final long first;
  private final long last;
  private long expectedChunk;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean failed;

  /** @param chunks the chunk documents from {@code first / chunkSize} to {@code last / chunkSize}, by {@code n} */
  ChunkRangeStream(ReadStream<JsonObject> chunks, int chunkSize, long fileLength, long first, long last) {
    this.chunks = chunks;
    this.chunkSize = chunkSize;
    this.fileLength = fileLength;
    this.first = first;
    this.last = last;
    this.expectedChunk = first / chunkSize;
    chunks.exceptionHandler(this::fail);
    chunks.endHandler(v -> ended());
  }

  static long firstChunk(long first, int chunkSize) {
    return first / chunkSize;
  }

  static long lastChunk(long last, int chunkSize) {
    return last / chunkSize;
  }

  private void received(JsonObject chunk) {
    if (failed) {
      return;
    }
    Number n = chunk.getNumber("n");
    JsonObject data = chunk.getJsonObject("data");
    byte[] bytes = data == null ? null : data.getBinary("$binary");
    long chunkStart = expectedChunk * chunkSize;
    long expectedLength = Math.min(chunkSize, fileLength - chunkStart);
    if (n == null || n.longValue() != expectedChunk || bytes == null || bytes.length != expectedLength) {
      fail(new IllegalStateException("GridFS chunk " + expectedChunk + " is missing or damaged"));
      return;
    }
    expectedChunk++;
    int from = (int) Math.max(0, first - chunkStart);
    int to = (int) Math.min(bytes.length, last + 1 - chunkStart);
    Handler<Buffer> h = handler;
    if (h != null) {
      h.handle(Buffer.buffer(bytes).slice(from, to));
    }
  }

  private void ended() {
    if (failed) {
      return;
    }
    if (expectedChunk != lastChunk(last, chunkSize) + 1) {
      fail(new IllegalStateException("GridFS chunk " + expectedChunk + " is missing"));
      return;
    }
    Handler<Void> h = endHandler;
    if (h != null) {
      h.handle(null);
    }
  }

  private void fail(Throwable cause) {
    if (failed) {
      return;
    }
    failed = true;
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(cause);
    }
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    chunks.handler(handler == null ? null : this::received);
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    chunks.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    chunks.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    chunks.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }
}
