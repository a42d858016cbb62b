package io.lcim.bench.load;

import java.util.Arrays;

/**
 * The text of each bench message: a typed text message as the SDK sends it ({@code {"_lctype":-1,"_lctext":...}}),
 * whose text carries the run's tag, the sender, a sequence number and the send time ({@link System#nanoTime()}: every
 * client lives in this JVM), so the receiver can tell duplicates and measure send→deliver. Padded to a size.
 */
final class Payload {

  private static final String PREFIX = "{\"_lctype\":-1,\"_lctext\":\"lb|";
  private static final String SUFFIX = "\"}";

  /** What a received message says about itself. */
  record Decoded(String tag, int sender, long seq, long sentNanos) {

    /** One key per sent message, unique within a run. */
    long key() {
      return ((long) sender << 32) | seq;
    }
  }

  private Payload() {
  }

  static String encode(String tag, int sender, long seq, long sentNanos, int size) {
    String body = PREFIX + tag + '|' + sender + '|' + seq + '|' + sentNanos + '|';
    int padding = Math.max(0, size - body.length() - SUFFIX.length());
    char[] pad = new char[padding];
    Arrays.fill(pad, 'x');
    return body + new String(pad) + SUFFIX;
  }

  /** Null for anything that is not a bench message. */
  static Decoded decode(String msg) {
    if (!msg.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = msg.substring(PREFIX.length()).split("\\|", 5);
    if (parts.length < 5) {
      return null;
    }
    try {
      return new Decoded(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
