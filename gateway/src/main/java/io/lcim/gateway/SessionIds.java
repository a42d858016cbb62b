package io.lcim.gateway;

import java.security.SecureRandom;

/**
 * The session ids of one gateway node: {@code <prefix>.<serial>}, where the prefix is random per node start (64
 * bits, so ids do not collide across nodes or restarts) and the serial counts up. A session keeps only its serial
 * (a long instead of a 36-character string per session); its id is spelled out when a service needs it.
 * Confined to the gateway verticle's event loop.
 */
final class SessionIds {

  private static final int RADIX = 36;
  private static final char SEPARATOR = '.';

  private final String prefix;
  private long lastSerial;

  SessionIds() {
    this(Long.toUnsignedString(new SecureRandom().nextLong(), RADIX));
  }

  SessionIds(String prefix) {
    this.prefix = prefix;
  }

  long next() {
    return ++lastSerial;
  }

  String format(long serial) {
    return prefix + SEPARATOR + Long.toString(serial, RADIX);
  }

  /** Parses in place: a push is checked against every session of its recipients, so this must not allocate. */
  boolean matches(String sessionId, long serial) {
    int digits = prefix.length() + 1;
    if (sessionId == null || sessionId.length() <= digits || !sessionId.startsWith(prefix)
      || sessionId.charAt(prefix.length()) != SEPARATOR) {
      return false;
    }
    try {
      return Long.parseLong(sessionId, digits, sessionId.length(), RADIX) == serial;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
