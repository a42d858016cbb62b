package io.lcim.media;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Content types of stored files: the client's when it is a plain media type, else a guess from the extension. */
final class MimeTypes {

  static final String OCTET_STREAM = "application/octet-stream";

  // Only token characters: the value goes into a response header, so nothing that could end or split it.
  private static final Pattern MEDIA_TYPE = Pattern.compile(
    "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
      + "(?:\\s*;\\s*[A-Za-z0-9!#$&^_.+-]{1,64}=[A-Za-z0-9!#$&^_.+-]{1,64})?");

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
    Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
    Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("bmp", "image/bmp"),
    Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/x-icon"), Map.entry("heic", "image/heic"),
    Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
    Map.entry("wav", "audio/wav"), Map.entry("amr", "audio/amr"), Map.entry("ogg", "audio/ogg"),
    Map.entry("mp4", "video/mp4"), Map.entry("mov", "video/quicktime"), Map.entry("webm", "video/webm"),
    Map.entry("txt", "text/plain"), Map.entry("json", "application/json"), Map.entry("pdf", "application/pdf"),
    Map.entry("zip", "application/zip"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"));

  private MimeTypes() {
  }

  /** The requested type when it is a valid media type, else the guess from {@code fileName}. */
  static String choose(String requested, String fileName) {
    if (requested != null && MEDIA_TYPE.matcher(requested.trim()).matches()) {
      return requested.trim();
    }
    return guess(fileName);
  }

  static String guess(String fileName) {
    if (fileName == null) {
      return OCTET_STREAM;
    }
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) {
      return OCTET_STREAM;
    }
    return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
  }

  /** A stored type safe to put into a header (records may come from elsewhere, e.g. a migration). */
  static String safe(String stored) {
    return stored != null && MEDIA_TYPE.matcher(stored).matches() ? stored : OCTET_STREAM;
  }
}
