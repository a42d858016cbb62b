package io.lcim.media;

import io.lcim.media.RestError.RestException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of an upload, provider {@code s3}: {@code PUT /uploads/{objectId}?token=…} with the raw bytes. The body
 * streams into GridFS (no body handler on this route); the token is checked and claimed before anything is read.
 */
final class UploadHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);

  private final FileRecords records;
  private final GridFsBlobs blobs;
  private final UploadTokens tokens;
  private final long maxUploadBytes;

  UploadHandler(FileRecords records, GridFsBlobs blobs, UploadTokens tokens, long maxUploadBytes) {
    this.records = records;
    this.blobs = blobs;
    this.tokens = tokens;
    this.maxUploadBytes = maxUploadBytes;
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    // Until the writer takes over, a dropped connection shows as response().closed(), checked before writing.
    request.exceptionHandler(e -> { });
    String objectId = ctx.pathParam("objectId");
    try {
      if (!FileApi.isObjectId(objectId)) {
        throw RestError.UPLOAD_TOKEN_INVALID.exception();
      }
      tokens.verifyForUpload(request.getParam("token"), objectId);
      checkDeclaredLength(request);
    } catch (RestException e) {
      refuse(ctx, e);
      return;
    }
    String blobId = GridFsBlobs.newBlobId();
    records.claimUpload(objectId, blobId)
      .compose(claimed -> claimed != null ? Future.succeededFuture(claimed) : whyNotClaimable(objectId))
      .compose(record -> store(ctx, objectId, blobId, record.getString("name")))
      .onSuccess(blob -> ctx.response().putHeader(HttpHeaders.ETAG, "\"" + blob.md5() + "\"").end())
      .onFailure(e -> refuse(ctx, e));
  }

  private Future<StoredBlob> store(RoutingContext ctx, String objectId, String blobId, String name) {
    HttpServerRequest request = ctx.request();
    if (ctx.response().closed()) {
      return records.releaseUpload(objectId, blobId)
        .transform(ar -> Future.failedFuture(new IllegalStateException("the client went away")));
    }
    if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      ctx.response().writeContinue();
    }
    return blobs.write(blobId, name, request, maxUploadBytes)
      .recover(e -> records.releaseUpload(objectId, blobId).transform(ar -> Future.failedFuture(e)))
      .compose(blob -> records.completeUpload(objectId, blob).compose(completed -> {
        if (completed) {
          return Future.succeededFuture(blob);
        }
        return blobs.delete(blobId).transform(ar -> Future.failedFuture(RestError.NOT_FOUND.exception(
          "The file was deleted during its upload.")));
      }));
  }

  private void checkDeclaredLength(HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return;
    }
    try {
      if (Long.parseLong(declared.trim()) > maxUploadBytes) {
        throw RestError.TOO_LARGE.exception("The limit is " + maxUploadBytes + " bytes.");
      }
    } catch (NumberFormatException e) {
      throw RestError.INVALID_PARAMETER.exception("Bad Content-Length.");
    }
  }

  /** Explains a failed claim: the record is gone, already uploaded, or being uploaded. */
  private Future<JsonObject> whyNotClaimable(String objectId) {
    return records.find(objectId).compose(record -> {
      if (record == null) {
        return Future.failedFuture(RestError.UPLOAD_TOKEN_INVALID.exception());
      }
      if (FileRecords.READY.equals(record.getString("state"))) {
        return Future.failedFuture(RestError.UPLOAD_TOKEN_USED.exception());
      }
      return Future.failedFuture(RestError.UPLOAD_IN_PROGRESS.exception());
    });
  }

  /**
   * Answers a refused or failed upload at once. A body still arriving is then read and dropped, so that the client,
   * which may only look for an answer once it has sent everything, gets it: closing a socket with unread input
   * makes TCP reset the connection, and the client may lose the answer. Past {@code maxUploadBytes} more, the
   * connection (or HTTP/2 stream) is cut anyway.
   */
  private void refuse(RoutingContext ctx, Throwable failure) {
    HttpServerRequest request = ctx.request();
    if (ctx.response().closed() || ctx.response().ended()) {
      LOG.info("Upload of {} ended by the client: {}", request.path(), failure.toString());
      return;
    }
    Responses.failure(ctx, failure);
    if (!request.isEnded()) {
      long[] dropped = {0};
      request.exceptionHandler(e -> { });
      request.endHandler(v -> { });
      request.handler(data -> {
        dropped[0] += data.length();
        if (dropped[0] > maxUploadBytes) {
          request.handler(null);
          cut(ctx);
        }
      });
      request.resume();
    }
  }

  private static void cut(RoutingContext ctx) {
    if (ctx.request().version() == HttpVersion.HTTP_2) {
      ctx.response().reset();
    } else {
      ctx.request().connection().close();
    }
  }
}
