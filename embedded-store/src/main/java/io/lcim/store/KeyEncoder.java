package io.lcim.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Order-preserving, prefix-free byte encoding of one BSON value as an index key component.
 *
 * <p>Comparing two encodings as unsigned bytes gives the order of mongo-java-server's own {@code ValueComparator}
 * (not MongoDB's where they differ, e.g. NaN sorts above +Infinity and strings compare as UTF-16), because the
 * planner's bounds must select a superset of what the library's matcher accepts and an index-provided sort must
 * equal the library's sort. Type brackets follow the library: MinKey, null/missing, numbers, strings, documents,
 * arrays, binData, UUIDs, ObjectId, booleans, dates, timestamps, regex, MaxKey. Numbers of every type are encoded
 * by exact value (int 5, long 5 and double 5.0 are equal; longs keep all 64 bits).
 *
 * <p>Values whose encoded order may differ from the library's comparator (documents, nested arrays, regex,
 * Decimal128, NaN, infinities, non-integral doubles beyond ±2^31 where the library truncates when a long is
 * involved, sub-millisecond dates) are still encoded deterministically but reported as unsortable, so an index
 * never provides a sort over them. Encodings are prefix-free, so inverting the bytes reverses the order
 * (descending index fields).
 */
final class KeyEncoder {

  static final int MIN_KEY = 0x10;
  static final int NULL = 0x18;
  static final int EMPTY_ARRAY = 0x19;
  static final int NUM_NEG_INF = 0x21;
  static final int NUM_NEG = 0x22;
  static final int NUM_ZERO = 0x23;
  static final int NUM_POS = 0x24;
  static final int NUM_POS_INF = 0x25;
  static final int NUM_NAN = 0x26;
  static final int NUM_END = 0x27;
  static final int STRING = 0x30;
  static final int DOCUMENT = 0x40;
  static final int ARRAY = 0x50;
  static final int BINDATA = 0x60;
  static final int LEGACY_UUID = 0x64;
  static final int UUID_TAG = 0x68;
  static final int OBJECT_ID = 0x70;
  static final int BOOLEAN = 0x80;
  static final int DATE = 0x90;
  static final int TIMESTAMP = 0xA0;
  static final int REGEX = 0xB0;
  static final int JAVASCRIPT = 0xC0;
  static final int OTHER = 0xE0;
  static final int MAX_KEY = 0xF0;

  /** Beyond this magnitude the library compares a long with a non-integral double by truncating the double. */
  static final double LONG_QUIRK_LIMIT = Integer.MAX_VALUE;

  private KeyEncoder() {
  }

  /** Encodes {@code value} ascending; returns whether the encoded order equals the library's sort order. */
  static boolean encode(Object value, ByteSink out) {
    if (value == null || value instanceof Missing) {
      out.put(NULL);
      return true;
    }
    if (value instanceof Number number) {
      return encodeNumber(number, out);
    }
    if (value instanceof String string) {
      out.put(STRING);
      encodeString(string, out);
      return true;
    }
    if (value instanceof Boolean bool) {
      out.put(BOOLEAN);
      out.put(bool ? 1 : 0);
      return true;
    }
    if (value instanceof Instant instant) {
      return encodeDate(instant, out);
    }
    if (value instanceof ObjectId objectId) {
      out.put(OBJECT_ID);
      out.put(objectId.toByteArray());
      return true;
    }
    return encodeRare(value, out);
  }

  private static boolean encodeRare(Object value, ByteSink out) {
    if (value instanceof BsonTimestamp timestamp) {
      out.put(TIMESTAMP);
      out.putLong(timestamp.getValue());
      return true;
    }
    if (value instanceof MinKey) {
      out.put(MIN_KEY);
      return true;
    }
    if (value instanceof MaxKey) {
      out.put(MAX_KEY);
      return true;
    }
    if (value instanceof BinData binData) {
      out.put(BINDATA);
      out.putInt(binData.getData().length);
      out.put(binData.getData());
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      out.put(DOCUMENT);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.put(1);
        encodeString(String.valueOf(entry.getKey()), out);
        encode(entry.getValue(), out);
      }
      out.put(0);
      return false;
    }
    if (value instanceof Collection<?> list) {
      out.put(ARRAY);
      for (Object element : list) {
        out.put(1);
        encode(element, out);
      }
      out.put(0);
      return false;
    }
    encodeUnsortable(value, out);
    return false;
  }

  private static void encodeUnsortable(Object value, ByteSink out) {
    if (value instanceof UUID uuid) {
      out.put(UUID_TAG);
      out.putLong(uuid.getMostSignificantBits());
      out.putLong(uuid.getLeastSignificantBits());
    } else if (value instanceof LegacyUUID legacy) {
      out.put(LEGACY_UUID);
      out.putLong(legacy.getUuid().getMostSignificantBits());
      out.putLong(legacy.getUuid().getLeastSignificantBits());
    } else if (value instanceof BsonRegularExpression regex) {
      out.put(REGEX);
      encodeString(regex.getPattern(), out);
      encodeString(String.valueOf(regex.getOptions()), out);
    } else if (value instanceof BsonJavaScript script) {
      out.put(JAVASCRIPT);
      encodeString(script.getCode(), out);
    } else {
      out.put(OTHER);
      encodeString(value.getClass().getName() + ":" + value, out);
    }
  }

  private static boolean encodeDate(Instant instant, ByteSink out) {
    long millis;
    try {
      millis = instant.toEpochMilli();
    } catch (ArithmeticException e) {
      out.put(OTHER);
      encodeString(instant.toString(), out);
      return false;
    }
    out.put(DATE);
    out.putLong(millis ^ Long.MIN_VALUE);
    return instant.getNano() % 1_000_000 == 0;
  }

  /**
   * UTF-16 code units in CESU-8 (UTF-8 of each unit, surrogates included), so byte order equals
   * {@code String.compareTo}; a NUL char is escaped as 00 FF and the end is 00 00.
   */
  static void encodeString(String string, ByteSink out) {
    for (int i = 0; i < string.length(); i++) {
      char c = string.charAt(i);
      if (c == 0) {
        out.put(0);
        out.put(0xFF);
      } else if (c < 0x80) {
        out.put(c);
      } else if (c < 0x800) {
        out.put(0xC0 | (c >> 6));
        out.put(0x80 | (c & 0x3F));
      } else {
        out.put(0xE0 | (c >> 12));
        out.put(0x80 | ((c >> 6) & 0x3F));
        out.put(0x80 | (c & 0x3F));
      }
    }
    out.put(0);
    out.put(0);
  }

  static boolean encodeNumber(Number number, ByteSink out) {
    if (number instanceof Double || number instanceof Float || number instanceof Decimal128) {
      double d = number.doubleValue();
      encodeDouble(d, out);
      if (number instanceof Decimal128 || Double.isNaN(d) || Double.isInfinite(d)) {
        return false;
      }
      // beyond 2^63 the library clamps a double to Long.MAX_VALUE when comparing it with a long
      return Math.abs(d) < LONG_QUIRK_LIMIT || (d == Math.rint(d) && Math.abs(d) < 0x1p63);
    }
    encodeLong(number.longValue(), out);
    return true;
  }

  static void encodeLong(long value, ByteSink out) {
    if (value == 0) {
      out.put(NUM_ZERO);
    } else if (value > 0) {
      out.put(NUM_POS);
      longMagnitude(value, out);
    } else {
      out.put(NUM_NEG);
      int start = out.size();
      longMagnitude(-value, out); // Long.MIN_VALUE stays 2^63 read as unsigned
      out.invertFrom(start);
    }
  }

  static void encodeDouble(double value, ByteSink out) {
    if (Double.isNaN(value)) {
      out.put(NUM_NAN);
    } else if (value == Double.POSITIVE_INFINITY) {
      out.put(NUM_POS_INF);
    } else if (value == Double.NEGATIVE_INFINITY) {
      out.put(NUM_NEG_INF);
    } else if (value == 0) {
      out.put(NUM_ZERO);
    } else if (value > 0) {
      out.put(NUM_POS);
      doubleMagnitude(value, out);
    } else {
      out.put(NUM_NEG);
      int start = out.size();
      doubleMagnitude(-value, out);
      out.invertFrom(start);
    }
  }

  /** {@code magnitude} is read as unsigned and is not zero: exponent, then the bits below the leading one. */
  private static void longMagnitude(long magnitude, ByteSink out) {
    int lead = 63 - Long.numberOfLeadingZeros(magnitude);
    exponent(lead, out);
    mantissa(lead == 0 ? 0 : magnitude << (64 - lead), out);
  }

  private static void doubleMagnitude(double value, ByteSink out) {
    long bits = Double.doubleToRawLongBits(value);
    int exponentBits = (int) (bits >>> 52);
    long fraction = bits & 0xF_FFFF_FFFF_FFFFL;
    if (exponentBits == 0) {
      int lead = 63 - Long.numberOfLeadingZeros(fraction);
      exponent(lead - 1074, out);
      mantissa(lead == 0 ? 0 : fraction << (64 - lead), out);
    } else {
      exponent(exponentBits - 1023, out);
      mantissa(fraction << 12, out);
    }
  }

  /** One byte for exponents in [-127, 126], else an escape byte and two bytes. */
  private static void exponent(int exponent, ByteSink out) {
    if (exponent >= -127 && exponent <= 126) {
      out.put(exponent + 128);
    } else {
      out.put(exponent < 0 ? 0x00 : 0xFF);
      out.putShort(exponent + 32768);
    }
  }

  /**
   * Left-aligned bits in groups of seven with a continuation flag in the lowest bit: a shorter (smaller) mantissa
   * with the same leading bits sorts first, and trailing zero bits are never written.
   */
  private static void mantissa(long bits, ByteSink out) {
    do {
      int group = (int) (bits >>> 57);
      bits <<= 7;
      out.put((group << 1) | (bits != 0 ? 1 : 0));
    } while (bits != 0);
  }

  /** The first tag of the type bracket a range bound of this value's type lives in, or -1 if not supported. */
  static int bracketStart(Object value) {
    if (value instanceof Number && !(value instanceof Decimal128)) {
      return NUM_NEG_INF;
    }
    if (value instanceof String) {
      return STRING;
    }
    if (value instanceof ObjectId) {
      return OBJECT_ID;
    }
    if (value instanceof Boolean) {
      return BOOLEAN;
    }
    if (value instanceof Instant instant && instant.getNano() % 1_000_000 == 0) {
      return DATE;
    }
    if (value instanceof BsonTimestamp) {
      return TIMESTAMP;
    }
    return -1;
  }

  /** The first tag after the bracket starting at {@code start}. */
  static int bracketEnd(int start) {
    return start == NUM_NEG_INF ? NUM_END : start + 1;
  }
}
