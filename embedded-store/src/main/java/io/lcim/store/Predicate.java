package io.lcim.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * What one field condition (a plain value, or one operator document) says about the field's index key component:
 * the key intervals a matching document must have an entry in (null when it does not bound the field), and
 * whether it can only match documents where the field is present (for sparse and partial indexes).
 *
 * <p>The conditions of one operator document are intersected even on multikey fields: the library's matcher
 * requires a single array element to satisfy the whole operator document.
 */
final class Predicate {

  private static final double QUIRK_MAX = 0x1p53;
  private static final double NO_BOUND_BEYOND = 0x1p62;

  /** Value-space condition kinds. */
  private enum Op { EQ, GT, GTE, LT, LTE }

  private record Condition(Op op, List<Object> values) {
  }

  private final List<Condition> conditions = new ArrayList<>();
  private boolean presence;
  private boolean unsatisfiable;

  void equal(Object value) {
    if (value != null && !(value instanceof MinKey)) {
      presence = true;
    }
    if (pointable(value)) {
      conditions.add(new Condition(Op.EQ, List.of(value == null ? NullValue.INSTANCE : value)));
    }
  }

  void in(List<?> values) {
    List<Object> points = new ArrayList<>();
    boolean hasNull = false;
    for (Object value : values) {
      if (!pointable(value)) {
        return;
      }
      hasNull |= value == null;
      points.add(value == null ? NullValue.INSTANCE : value);
    }
    presence |= !hasNull && !values.isEmpty();
    unsatisfiable |= values.isEmpty();
    conditions.add(new Condition(Op.EQ, points));
  }

  void compare(String operator, Object value) {
    if (value == null) {
      return; // never matches anything in the library; the residual filter returns nothing
    }
    int bracket = KeyEncoder.bracketStart(value);
    if (bracket < 0) {
      return;
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= NO_BOUND_BEYOND) {
        return;
      }
    }
    presence = true;
    Op op = switch (operator) {
      case "$gt" -> Op.GT;
      case "$gte" -> Op.GTE;
      case "$lt" -> Op.LT;
      default -> Op.LTE;
    };
    conditions.add(new Condition(op, List.of(value)));
  }

  void present() {
    presence = true;
  }

  boolean presence() {
    return presence;
  }

  boolean bounds() {
    return !conditions.isEmpty() || unsatisfiable;
  }

  /** The key component intervals for an ascending or descending field, or null if this does not bound it. */
  List<Intervals.Interval> intervals(boolean ascending) {
    if (unsatisfiable) {
      return List.of();
    }
    List<Intervals.Interval> result = null;
    for (Condition condition : conditions) {
      List<Intervals.Interval> intervals = condition.op == Op.EQ ? points(condition.values, ascending)
        : range(condition.op, condition.values.get(0), ascending);
      result = result == null ? intervals : Intervals.intersect(result, intervals);
    }
    return result;
  }

  private static List<Intervals.Interval> points(List<Object> values, boolean ascending) {
    List<Intervals.Interval> points = new ArrayList<>();
    for (Object value : values) {
      byte[] encoded = encode(value == NullValue.INSTANCE ? null : value);
      points.add(Intervals.Interval.point(ascending ? encoded : Intervals.invert(encoded)));
    }
    return Intervals.normalize(points);
  }

  /**
   * A one-sided range within the value's type bracket. Near and beyond ±2^31 the library compares a long with a
   * double by truncating the double (and NaN as 0), so numeric bounds there are widened by one and may admit NaN;
   * the matcher then decides exactly.
   */
  private static List<Intervals.Interval> range(Op op, Object value, boolean ascending) {
    int bracket = KeyEncoder.bracketStart(value);
    byte[] start = {(byte) bracket};
    byte[] end = {(byte) KeyEncoder.bracketEnd(bracket)};
    boolean lower = op == Op.GT || op == Op.GTE;
    boolean inclusive = op == Op.GTE || op == Op.LTE;
    boolean nan = false;
    if (value instanceof Number number && Math.abs(number.doubleValue()) >= KeyEncoder.LONG_QUIRK_LIMIT) {
      value = widen(number, lower);
      inclusive = true;
      double d = number.doubleValue();
      nan = lower ? d <= 0 : d >= 0;
    }
    byte[] bound = encode(value);
    List<Intervals.Interval> intervals = new ArrayList<>();
    intervals.add(lower ? Intervals.range(bound, inclusive, end, false, ascending)
      : Intervals.range(start, true, bound, inclusive, ascending));
    if (nan) {
      byte[] nanKey = {(byte) KeyEncoder.NUM_NAN};
      intervals.add(Intervals.Interval.point(ascending ? nanKey : Intervals.invert(nanKey)));
    }
    return Intervals.normalize(intervals);
  }

  private static Number widen(Number number, boolean lower) {
    double d = number.doubleValue();
    if (Math.abs(d) > QUIRK_MAX) {
      return number; // no non-integral doubles out there
    }
    if (d == Math.rint(d)) {
      long l = (long) d;
      return lower ? l - 1 : l + 1;
    }
    return lower ? d - 1 : d + 1;
  }

  static byte[] encode(Object value) {
    ByteSink sink = new ByteSink();
    KeyEncoder.encode(value, sink);
    return sink.toByteArray();
  }

  /** Values whose equality in the library is exactly equality of their encodings. */
  static boolean pointable(Object value) {
    return value == null || value instanceof Number || value instanceof String || value instanceof Boolean
      || value instanceof Instant || value instanceof ObjectId || value instanceof BsonTimestamp
      || value instanceof MinKey || value instanceof MaxKey || value instanceof BinData
      || value instanceof UUID || value instanceof LegacyUUID;
  }

  /** Lists cannot hold null in List.of: a stand-in. */
  private enum NullValue { INSTANCE }
}
