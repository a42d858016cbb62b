package io.lcim.media;

/**
 * File content stored in GridFS.
 *
 * @param id        the GridFS file id (hex ObjectId)
 * @param length    its size in bytes
 * @param chunkSize bytes per GridFS chunk (every chunk but the last is this long)
 * @param md5       lower-case hex MD5 of the content: the ETag and LeanCloud's {@code metaData._checksum}
 */
record StoredBlob(String id, long length, int chunkSize, String md5) {
}
