package io.lcim.media;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/**
 * The {@code _File} collection: one LeanCloud-shaped record per file ({@code objectId} stored as {@code _id}, name,
 * url, mime_type, size, metaData, key, provider, bucket, createdAt, updatedAt) plus fields of ours that clients
 * never see on their own: {@code state} (the upload's progress, which also makes each upload token single-use),
 * {@code blob} (where the content is in GridFS) and {@code urlSecret} (the random part of the url a download must
 * present, {@link PublicUrls}; absent on files stored before it existed).
 *
 * <p>States: {@code pending} (token issued) → {@code uploading} (a PUT claimed the token) → {@code ready}; a failed
 * upload goes back to {@code pending}. Only {@code ready} records are visible or downloadable.
 */
final class FileRecords {

  static final String COLLECTION = "_File";
  static final String PENDING = "pending";
  static final String UPLOADING = "uploading";
  static final String READY = "ready";
  static final String PROVIDER_UPLOADED = "s3";
  static final String PROVIDER_EXTERNAL = "external";
  static final String URL_SECRET = "urlSecret";

  private final MongoClient mongo;

  FileRecords(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** The sweep of abandoned uploads walks unfinished records by state and age ({@link #findAbandoned}). */
  Future<Void> ensureIndexes() {
    return mongo.createIndex(COLLECTION, new JsonObject().put("state", 1).put("createdAt", 1));
  }

  /** The fields every new record has. */
  static JsonObject newRecord(String objectId, String name, String url, String mimeType, JsonObject metaData,
                              long now) {
    return new JsonObject()
      .put("_id", objectId)
      .put("name", name)
      .put("url", url)
      .put("mime_type", mimeType)
      .put("metaData", metaData)
      .put("bucket", GridFsBlobs.BUCKET)
      .put("createdAt", Dates.stored(now))
      .put("updatedAt", Dates.stored(now));
  }

  /** A record waiting for its upload. */
  Future<Void> insertPending(JsonObject record, String key) {
    return mongo.insert(COLLECTION, record.copy().put("key", key).put("provider", PROVIDER_UPLOADED)
      .put("size", 0L).put("state", PENDING)).mapEmpty();
  }

  /** A record of a file that lives elsewhere ({@code AV.File.withURL}): visible at once, nothing to upload. */
  Future<Void> insertExternal(JsonObject record) {
    return mongo.insert(COLLECTION, record.copy().put("provider", PROVIDER_EXTERNAL).put("size", 0L)
      .put("state", READY)).mapEmpty();
  }

  /** Moves a pending record to uploading into {@code blobId}: the record before, or null when it was not pending. */
  Future<JsonObject> claimUpload(String objectId, String blobId) {
    return mongo.findOneAndUpdate(COLLECTION,
      new JsonObject().put("_id", objectId).put("state", PENDING),
      new JsonObject().put("$set", new JsonObject().put("state", UPLOADING)
        .put("blob", new JsonObject().put("id", blobId))));
  }

  /** Makes the uploaded record visible; false when it is no longer ours to complete (deleted meanwhile). */
  Future<Boolean> completeUpload(String objectId, StoredBlob blob) {
    JsonObject set = new JsonObject()
      .put("state", READY)
      .put("size", blob.length())
      .put("metaData.size", blob.length())
      .put("metaData._checksum", blob.md5())
      .put("blob", new JsonObject().put("id", blob.id()).put("chunkSize", blob.chunkSize()).put("md5", blob.md5()))
      .put("updatedAt", Dates.stored(System.currentTimeMillis()));
    return mongo.updateCollection(COLLECTION, uploading(objectId, blob.id()), new JsonObject().put("$set", set))
      .map(result -> result.getDocMatched() == 1);
  }

  /** Gives a failed upload's token back, so that the client may retry before it expires. */
  Future<Void> releaseUpload(String objectId, String blobId) {
    return mongo.updateCollection(COLLECTION, uploading(objectId, blobId), new JsonObject()
        .put("$set", new JsonObject().put("state", PENDING))
        .put("$unset", new JsonObject().put("blob", "")))
      .mapEmpty();
  }

  Future<JsonObject> find(String objectId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", objectId), null);
  }

  /** The record if it is visible (ready), else null. */
  Future<JsonObject> findReady(String objectId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", objectId).put("state", READY), null);
  }

  /** Removes the record only while it is still in {@code state}; whether it did. */
  Future<Boolean> deleteIn(String objectId, String state) {
    return mongo.removeDocuments(COLLECTION, new JsonObject().put("_id", objectId).put("state", state))
      .map(result -> result.getRemovedCount() == 1);
  }

  /** Removes the record; the removed record, or null when there was none. */
  Future<JsonObject> delete(String objectId) {
    return mongo.findOneAndDelete(COLLECTION, new JsonObject().put("_id", objectId));
  }

  /**
   * Records whose upload was never completed although it was started before {@code createdBefore}: left behind by a
   * client that never uploaded, or by a server that died mid-upload.
   */
  Future<List<JsonObject>> findAbandoned(long createdBefore, int limit) {
    JsonObject query = new JsonObject()
      .put("state", new JsonObject().put("$in", new JsonArray().add(PENDING).add(UPLOADING)))
      .put("createdAt", new JsonObject().put("$lt", Dates.stored(createdBefore)));
    return mongo.findWithOptions(COLLECTION, query, new FindOptions().setLimit(limit));
  }

  /** The GridFS file id of a record's content, or null. */
  static String blobId(JsonObject record) {
    JsonObject blob = record.getJsonObject("blob");
    return blob == null ? null : blob.getString("id");
  }

  /** The stored content of a ready record, or null when it has none (e.g. a file by URL). */
  static StoredBlob storedBlob(JsonObject record) {
    JsonObject blob = record.getJsonObject("blob");
    if (blob == null || blob.getString("md5") == null || blob.getInteger("chunkSize") == null) {
      return null;
    }
    return new StoredBlob(blob.getString("id"), record.getLong("size"), blob.getInteger("chunkSize"),
      blob.getString("md5"));
  }

  /** What clients see of a record (the REST shape of a {@code _File} object). */
  static JsonObject toRest(JsonObject record) {
    JsonObject rest = new JsonObject().put("objectId", record.getString("_id"));
    for (String field : new String[]{"name", "url", "mime_type", "provider", "bucket", "key", "metaData"}) {
      Object value = record.getValue(field);
      if (value != null) {
        rest.put(field, value);
      }
    }
    rest.put("createdAt", Dates.wire(record.getValue("createdAt")));
    rest.put("updatedAt", Dates.wire(record.getValue("updatedAt")));
    return rest;
  }

  private static JsonObject uploading(String objectId, String blobId) {
    return new JsonObject().put("_id", objectId).put("state", UPLOADING).put("blob.id", blobId);
  }
}
