package io.lcim.media;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file (RFC 9110 §14), inclusive at both ends.
 *
 * @param first index of the first byte
 * @param last  index of the last byte
 */
record ByteRange(long first, long last) {

  /** A Range header that is well formed but selects nothing of the file: answered with 416. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  private static final Pattern SINGLE = Pattern.compile("bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

  long length() {
    return last - first + 1;
  }

  /**
   * The range a {@code Range} header asks of a file of {@code size} bytes: {@link #UNSATISFIABLE}, or null to send
   * the whole file (no header, a malformed one, another unit, or several ranges, which we may ignore by the RFC).
   */
  static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    Matcher m = SINGLE.matcher(header.toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    if (m.group(1).isEmpty()) {
      long suffix = number(m.group(2));
      if (suffix == 0 || size == 0) {
        return UNSATISFIABLE;
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long first = number(m.group(1));
    long last = m.group(2).isEmpty() ? Long.MAX_VALUE : number(m.group(2));
    if (last < first) {
      return null;
    }
    if (first >= size) {
      return UNSATISFIABLE;
    }
    return new ByteRange(first, Math.min(last, size - 1));
  }

  /** Digits as a number; absurdly long ones saturate instead of overflowing. */
  private static long number(String digits) {
    String trimmed = digits.replaceFirst("^0+(?=.)", "");
    return trimmed.length() > 18 ? Long.MAX_VALUE : Long.parseLong(trimmed);
  }
}
