package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET}/{@code HEAD /files/{objectId}/{secret}/{name}}: the url of an uploaded file ({@link PublicUrls}).
 * Content never changes under a url, so it is cacheable for a year; single byte ranges, conditional requests and
 * {@code ?imageInfo} are served. The object id selects the file, the secret must be the file's (else 404, as for a
 * file that does not exist), the name is only for people and file-type sniffers. Files stored before url secrets
 * existed are served at {@code /files/{objectId}/{name}} while legacy urls are allowed.
 */
final class DownloadHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadHandler.class);
  private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";
  // Uploaded HTML or SVG opened from our origin must not run scripts there.
  private static final String SANDBOX = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self';"
    + " style-src 'unsafe-inline'";

  private final FileRecords records;
  private final GridFsBlobs blobs;
  private final boolean legacyUrls;

  /** @param legacyUrls {@code IM_LEGACY_FILE_URLS}: serve files that have no url secret by object id alone */
  DownloadHandler(FileRecords records, GridFsBlobs blobs, boolean legacyUrls) {
    this.records = records;
    this.blobs = blobs;
    this.legacyUrls = legacyUrls;
  }

  Future<Void> handle(RoutingContext ctx) {
    String objectId = objectIdOf(ctx.request().path());
    if (objectId == null) {
      return Future.failedFuture(RestError.NOT_FOUND.exception());
    }
    String presented = secretOf(ctx.request().path());
    return records.findReady(objectId).compose(record -> {
      StoredBlob blob = record == null || !mayDownload(record, presented) ? null : FileRecords.storedBlob(record);
      if (blob == null) {
        return Future.failedFuture(RestError.NOT_FOUND.exception());
      }
      if (ctx.queryParams().contains("imageInfo")) {
        return imageInfo(ctx, blob);
      }
      return serve(ctx, record, blob);
    });
  }

  /** The object id of {@code /files/{objectId}[/{anything}]}, or null. */
  static String objectIdOf(String path) {
    if (path == null || !path.startsWith(MediaService.DOWNLOAD_PATH)) {
      return null;
    }
    String rest = path.substring(MediaService.DOWNLOAD_PATH.length());
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    return FileApi.isObjectId(id) ? id : null;
  }

  /** The segment after the object id (the secret, or a legacy url's name), or null. */
  static String secretOf(String path) {
    String rest = path.substring(MediaService.DOWNLOAD_PATH.length());
    String[] segments = rest.split("/", 3);
    return segments.length < 2 ? null : segments[1];
  }

  private boolean mayDownload(JsonObject record, String presented) {
    String secret = record.getString(FileRecords.URL_SECRET);
    return secret == null ? legacyUrls : PublicUrls.secretMatches(secret, presented);
  }

  private Future<Void> serve(RoutingContext ctx, JsonObject record, StoredBlob blob) {
    long size = blob.length();
    String etag = "\"" + blob.md5() + "\"";
    HttpServerResponse response = ctx.response();
    ByteRange range = requestedRange(ctx, etag, size);
    if (range == ByteRange.UNSATISFIABLE) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
      return Responses.error(ctx, RestError.RANGE_NOT_SATISFIABLE);
    }
    response
      .putHeader(HttpHeaders.CONTENT_TYPE, MimeTypes.safe(record.getString("mime_type")))
      .putHeader(HttpHeaders.ETAG, etag)
      .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_FOREVER)
      .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
      .putHeader(HttpHeaders.CONTENT_DISPOSITION, FileNames.contentDisposition(record.getString("name", "file")))
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("Content-Security-Policy", SANDBOX);
    Long created = Dates.fromStored(record.getValue("createdAt"));
    if (created != null) {
      response.putHeader(HttpHeaders.LAST_MODIFIED, Dates.http(created));
    }
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      return response.setStatusCode(304).end();
    }
    long length = range == null ? size : range.length();
    if (range != null) {
      response.setStatusCode(206)
        .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + size);
    }
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    if (ctx.request().method() == HttpMethod.HEAD || length == 0) {
      return response.end();
    }
    long first = range == null ? 0 : range.first();
    long last = range == null ? size - 1 : range.last();
    return blobs.copy(blob, first, last, response).compose(v -> response.end()).recover(failure -> {
      if (response.closed()) {
        return Future.succeededFuture(); // the client went away
      }
      LOG.error("Reading GridFS file {} failed", blob.id(), failure);
      if (!response.headWritten()) {
        response.headers().clear(); // not the file's cache headers on an error
        return Future.failedFuture(RestError.INTERNAL.exception());
      }
      // The headers promised the full length: cutting the connection is the only honest end.
      response.reset();
      return Future.succeededFuture();
    });
  }

  /** The Range to honour: none without one, or when If-Range names another version. */
  private static ByteRange requestedRange(RoutingContext ctx, String etag, long size) {
    String ifRange = ctx.request().getHeader("If-Range");
    if (ifRange != null && !ifRange.trim().equals(etag)) {
      return null;
    }
    return ByteRange.parse(ctx.request().getHeader("Range"), size);
  }

  /** If-None-Match: "*" or a list of entity tags, compared weakly. */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** Qiniu's {@code ?imageInfo}: format and pixel size, read from the first bytes only. */
  private Future<Void> imageInfo(RoutingContext ctx, StoredBlob blob) {
    return blobs.readPrefix(blob, ImageInfo.HEADER_BYTES)
      .compose(head -> ImageInfo.parse(head)
        .map(info -> Responses.json(ctx, 200, info.toJson(blob.length())))
        .orElseGet(() -> Future.failedFuture(RestError.NOT_AN_IMAGE.exception())));
  }
}
