package io.lcim.media;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * Format and pixel size of an image, read from its first bytes only (the answer to Qiniu-style {@code ?imageInfo},
 * which the Java SDK asks for before sending an ImageMessage): PNG, GIF, JPEG, WebP and BMP headers.
 *
 * @param format the Qiniu format name: png, gif, jpeg, webp or bmp
 */
record ImageInfo(String format, int width, int height) {

  /** Enough for any PNG/GIF/WebP/BMP header and for JPEGs whose metadata before the frame header fits. */
  static final int HEADER_BYTES = 256 * 1024;

  JsonObject toJson(long size) {
    return new JsonObject().put("format", format).put("width", width).put("height", height).put("size", size);
  }

  static Optional<ImageInfo> parse(Buffer head) {
    try {
      if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
        return png(head);
      }
      if (startsWith(head, 'G', 'I', 'F', '8')) {
        return Optional.of(new ImageInfo("gif", head.getUnsignedShortLE(6), head.getUnsignedShortLE(8)));
      }
      if (startsWith(head, 0xFF, 0xD8)) {
        return jpeg(head);
      }
      if (startsWith(head, 'R', 'I', 'F', 'F') && head.length() >= 12 && "WEBP".equals(ascii(head, 8, 4))) {
        return webp(head);
      }
      if (startsWith(head, 'B', 'M') && head.length() >= 26) {
        return valid("bmp", head.getIntLE(18), Math.abs(head.getIntLE(22)));
      }
    } catch (IndexOutOfBoundsException e) {
      // a header cut short is not an image we can describe
    }
    return Optional.empty();
  }

  private static Optional<ImageInfo> png(Buffer head) {
    if (!"IHDR".equals(ascii(head, 12, 4))) {
      return Optional.empty();
    }
    return valid("png", head.getInt(16), head.getInt(20));
  }

  /** Walks the marker segments up to the first start-of-frame, which holds the size. */
  private static Optional<ImageInfo> jpeg(Buffer head) {
    int pos = 2;
    while (pos + 4 <= head.length()) {
      if (head.getUnsignedByte(pos) != 0xFF) {
        return Optional.empty();
      }
      int marker = head.getUnsignedByte(pos + 1);
      if (marker == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2; // markers without a length
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        return Optional.empty(); // end of image or scan data before any frame header
      }
      int length = head.getUnsignedShort(pos + 2);
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        return valid("jpeg", head.getUnsignedShort(pos + 7), head.getUnsignedShort(pos + 5));
      }
      if (length < 2) {
        return Optional.empty();
      }
      pos += 2 + length;
    }
    return Optional.empty();
  }

  private static Optional<ImageInfo> webp(Buffer head) {
    String chunk = ascii(head, 12, 4);
    switch (chunk) {
      case "VP8 " -> {
        return valid("webp", head.getUnsignedShortLE(26) & 0x3FFF, head.getUnsignedShortLE(28) & 0x3FFF);
      }
      case "VP8L" -> {
        int b0 = head.getUnsignedByte(21);
        int b1 = head.getUnsignedByte(22);
        int b2 = head.getUnsignedByte(23);
        int b3 = head.getUnsignedByte(24);
        int width = 1 + (((b1 & 0x3F) << 8) | b0);
        int height = 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6));
        return valid("webp", width, height);
      }
      case "VP8X" -> {
        return valid("webp", 1 + head.getUnsignedMediumLE(24), 1 + head.getUnsignedMediumLE(27));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static Optional<ImageInfo> valid(String format, int width, int height) {
    return width > 0 && height > 0 ? Optional.of(new ImageInfo(format, width, height)) : Optional.empty();
  }

  private static boolean startsWith(Buffer head, int... bytes) {
    if (head.length() < bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (head.getUnsignedByte(i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(Buffer head, int offset, int length) {
    return head.getString(offset, offset + length, "ISO-8859-1");
  }
}
