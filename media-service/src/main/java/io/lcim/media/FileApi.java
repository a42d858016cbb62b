package io.lcim.media;

import io.lcim.common.AppCredentials;
import io.lcim.common.AppCredentials.Access;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * The storage REST routes of files (docs/storage-and-rest.md §2): {@code fileTokens} (step 1 of an upload),
 * {@code fileCallback} (step 3), {@code POST /1.1/files} ({@code AV.File.withURL(...).save()}), and reading and
 * deleting records.
 */
final class FileApi {

  private static final Logger LOG = LoggerFactory.getLogger(FileApi.class);
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");

  private final AppCredentials credentials;
  private final FileRecords records;
  private final GridFsBlobs blobs;
  private final UploadTokens tokens;
  private final PublicUrls urls;

  FileApi(AppCredentials credentials, FileRecords records, GridFsBlobs blobs, UploadTokens tokens, PublicUrls urls) {
    this.credentials = credentials;
    this.records = records;
    this.blobs = blobs;
    this.tokens = tokens;
    this.urls = urls;
  }

  /** {@code POST /1.1/fileTokens}: a pending record, and where and with what token to PUT the bytes. */
  Future<Void> createUploadToken(RoutingContext ctx) {
    requireApp(ctx);
    JsonObject body = RequestBodies.object(ctx);
    String name = FileNames.clean(RequestBodies.optionalString(body, "name"));
    String mimeType = MimeTypes.choose(RequestBodies.optionalString(body, "mime_type"), name);
    JsonObject metaData = RequestBodies.metaData(body);
    String base = urls.baseUrl(ctx.request());
    String objectId = new ObjectId().toHexString();
    // The key is the url's path, as on LeanCloud where a file's url is the file domain plus its key.
    String secret = PublicUrls.newUrlSecret();
    String key = PublicUrls.fileKey(objectId, secret, name);
    String url = PublicUrls.fileUrl(base, key);
    String token = tokens.issue(objectId);
    long now = System.currentTimeMillis();
    JsonObject record = FileRecords.newRecord(objectId, name, url, mimeType, metaData, now)
      .put(FileRecords.URL_SECRET, secret);
    return records.insertPending(record, key).compose(v -> Responses.json(ctx, 200, new JsonObject()
      .put("objectId", objectId)
      .put("url", url)
      .put("upload_url", base + MediaService.UPLOAD_PATH + objectId + "?token=" + token)
      .put("token", token)
      .put("mime_type", mimeType)
      .put("provider", FileRecords.PROVIDER_UPLOADED)
      .put("bucket", GridFsBlobs.BUCKET)
      .put("key", key)
      .put("createdAt", Dates.iso(now))));
  }

  /**
   * {@code POST /1.1/fileCallback}: {@code result: true} confirms (the upload itself already made the file
   * visible); {@code result: false} means the client gave the file up, so its record and any bytes go.
   */
  Future<Void> uploadCallback(RoutingContext ctx) {
    requireApp(ctx);
    JsonObject body = RequestBodies.object(ctx);
    UploadTokens.Claim claim = tokens.verify(RequestBodies.optionalString(body, "token"));
    if (Boolean.FALSE.equals(body.getValue("result"))) {
      return deleteRecordAndBlob(claim.objectId()).compose(deleted -> Responses.json(ctx, 200, new JsonObject()));
    }
    return Responses.json(ctx, 200, new JsonObject());
  }

  /** {@code POST /1.1/files}: records a file that stays at its own url. */
  Future<Void> createExternal(RoutingContext ctx) {
    requireApp(ctx);
    JsonObject body = RequestBodies.object(ctx);
    String url = RequestBodies.externalUrl(body);
    String name = FileNames.clean(RequestBodies.optionalString(body, "name"));
    String mimeType = MimeTypes.choose(RequestBodies.optionalString(body, "mime_type"), name);
    String objectId = new ObjectId().toHexString();
    long now = System.currentTimeMillis();
    JsonObject record = FileRecords.newRecord(objectId, name, url, mimeType, RequestBodies.metaData(body), now);
    return records.insertExternal(record).compose(v -> Responses.json(ctx, 201, new JsonObject()
      .put("objectId", objectId).put("url", url).put("createdAt", Dates.iso(now))));
  }

  /**
   * {@code GET /1.1/files/{id}} and {@code GET /1.1/classes/_File/{id}}: master key only, since the answer holds the
   * file's url with its secret and object ids are guessable (the app key ships inside every app).
   */
  Future<Void> get(RoutingContext ctx) {
    if (requireApp(ctx) != Access.MASTER) {
      throw RestError.MASTER_KEY_REQUIRED.exception();
    }
    String objectId = objectId(ctx);
    return records.findReady(objectId).compose(record -> record == null
      ? Future.failedFuture(RestError.NOT_FOUND.exception())
      : Responses.json(ctx, 200, FileRecords.toRest(record)));
  }

  /** {@code DELETE /1.1/files/{id}} (and the class path): master key only. */
  Future<Void> delete(RoutingContext ctx) {
    if (requireApp(ctx) != Access.MASTER) {
      throw RestError.MASTER_KEY_REQUIRED.exception();
    }
    String objectId = objectId(ctx);
    return deleteRecordAndBlob(objectId).compose(deleted -> deleted
      ? Responses.json(ctx, 200, new JsonObject())
      : Future.failedFuture(RestError.NOT_FOUND.exception()));
  }

  private Future<Boolean> deleteRecordAndBlob(String objectId) {
    return records.delete(objectId).compose(record -> {
      if (record == null) {
        return Future.succeededFuture(false);
      }
      String blobId = FileRecords.blobId(record);
      if (blobId == null || FileRecords.UPLOADING.equals(record.getString("state"))) {
        // an upload in progress deletes its own bytes when it finds its record gone
        return Future.succeededFuture(true);
      }
      return blobs.delete(blobId)
        .onFailure(e -> LOG.warn("File {} deleted but its content {} was not; it is unreachable", objectId, blobId, e))
        .transform(ar -> Future.succeededFuture(true));
    });
  }

  /** The access a request proved; fails with 401 when it proved none. */
  private Access requireApp(RoutingContext ctx) {
    Access access = credentials.authenticate(ctx.request().headers());
    if (access == Access.NONE) {
      throw RestError.UNAUTHORIZED.exception();
    }
    return access;
  }

  private static String objectId(RoutingContext ctx) {
    String id = ctx.pathParam("objectId");
    if (id == null || !OBJECT_ID.matcher(id).matches()) {
      throw RestError.NOT_FOUND.exception();
    }
    return id;
  }

  static boolean isObjectId(String value) {
    return value != null && OBJECT_ID.matcher(value).matches();
  }
}
