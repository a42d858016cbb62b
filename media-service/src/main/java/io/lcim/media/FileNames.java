package io.lcim.media;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** File names in URLs and headers: any characters are allowed in a name, none may escape its place. */
final class FileNames {

  static final int MAX_LENGTH = 255;
  private static final String FALLBACK = "file";

  private FileNames() {
  }

  /** A name as stored: control characters removed, at most {@link #MAX_LENGTH} characters, never empty. */
  static String clean(String name) {
    if (name == null) {
      return FALLBACK;
    }
    StringBuilder out = new StringBuilder();
    name.codePoints().filter(c -> !Character.isISOControl(c)).limit(MAX_LENGTH).forEach(out::appendCodePoint);
    String cleaned = out.toString().strip();
    return cleaned.isEmpty() ? FALLBACK : cleaned;
  }

  /**
   * One percent-encoded path segment: '/' and '?' are encoded, and so are names made only of dots, which clients
   * would otherwise resolve as "." or ".." segments.
   */
  static String pathSegment(String name) {
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    if (encoded.chars().allMatch(c -> c == '.')) {
      return encoded.replace(".", "%2E");
    }
    return encoded;
  }

  /** {@code inline; filename="ascii fallback"; filename*=UTF-8''percent-encoded} (RFC 6266 / RFC 5987). */
  static String contentDisposition(String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
    return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + rfc5987(name);
  }

  private static String rfc5987(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
      if (attrChar) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
          .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
