package io.lcim.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Sets of key intervals over one index key component (or over whole keys).
 *
 * <p>An interval is [lo, hi) in unsigned byte order; null lo means from the start, null hi means to the end.
 * {@code point} is set when the interval holds exactly one complete encoded value (all keys starting with it),
 * which lets the planner extend an equality prefix. Because encodings are prefix-free, "all components equal to
 * e" is [e, succ(e)) and "all components &lt; e" is [.., e).
 */
final class Intervals {

  record Interval(byte[] lo, byte[] hi, byte[] point) {
    static Interval point(byte[] encoded) {
      return new Interval(encoded, successor(encoded), encoded);
    }

    boolean isPoint() {
      return point != null;
    }
  }

  static final List<Interval> ALL = List.of(new Interval(null, null, null));

  private Intervals() {
  }

  /** The smallest byte string greater than every string starting with {@code prefix}; null if none. */
  static byte[] successor(byte[] prefix) {
    int last = prefix.length - 1;
    while (last >= 0 && prefix[last] == (byte) 0xFF) {
      last--;
    }
    if (last < 0) {
      return null;
    }
    byte[] next = Arrays.copyOf(prefix, last + 1);
    next[last]++;
    return next;
  }

  static byte[] invert(byte[] bytes) {
    byte[] inverted = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      inverted[i] = (byte) ~bytes[i];
    }
    return inverted;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /**
   * A range of values between two bounds, for an ascending or descending field. A bound is an encoded value, or a
   * lone type tag standing for the start (inclusive) or end (exclusive) of a type bracket.
   */
  static Interval range(byte[] lower, boolean lowerInclusive, byte[] upper, boolean upperInclusive,
                        boolean ascending) {
    byte[] lo;
    byte[] hi;
    if (ascending) {
      lo = lowerInclusive ? lower : successor(lower);
      hi = upperInclusive ? successor(upper) : upper;
    } else {
      byte[] invertedUpper = invert(upper);
      byte[] invertedLower = invert(lower);
      lo = upperInclusive ? invertedUpper : successor(invertedUpper);
      hi = lowerInclusive ? successor(invertedLower) : invertedLower;
    }
    return new Interval(lo, hi, null);
  }

  static int compareLo(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return Arrays.compareUnsigned(a, b);
  }

  static int compareHi(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    return Arrays.compareUnsigned(a, b);
  }

  private static boolean nonEmpty(byte[] lo, byte[] hi) {
    return lo == null || hi == null || Arrays.compareUnsigned(lo, hi) < 0;
  }

  static List<Interval> intersect(List<Interval> a, List<Interval> b) {
    List<Interval> result = new ArrayList<>();
    for (Interval x : a) {
      for (Interval y : b) {
        byte[] lo = compareLo(x.lo, y.lo) >= 0 ? x.lo : y.lo;
        byte[] hi = compareHi(x.hi, y.hi) <= 0 ? x.hi : y.hi;
        if (nonEmpty(lo, hi)) {
          byte[] point = samePoint(x, lo, hi) ? x.point : samePoint(y, lo, hi) ? y.point : null;
          result.add(new Interval(lo, hi, point));
        }
      }
    }
    return normalize(result);
  }

  private static boolean samePoint(Interval interval, byte[] lo, byte[] hi) {
    return interval.point != null && lo == interval.lo && hi == interval.hi;
  }

  static List<Interval> union(List<Interval> a, List<Interval> b) {
    List<Interval> all = new ArrayList<>(a);
    all.addAll(b);
    return normalize(all);
  }

  /** Sorted, with overlapping or touching intervals merged (a merged interval is no longer a point). */
  static List<Interval> normalize(List<Interval> intervals) {
    List<Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing(Interval::lo, Intervals::compareLo));
    List<Interval> merged = new ArrayList<>();
    for (Interval next : sorted) {
      if (!merged.isEmpty()) {
        Interval last = merged.get(merged.size() - 1);
        if (last.hi == null || compareLo(next.lo, last.hi) <= 0) {
          if (last.isPoint() && next.isPoint() && Arrays.equals(last.point, next.point)) {
            continue;
          }
          byte[] hi = compareHi(last.hi, next.hi) >= 0 ? last.hi : next.hi;
          merged.set(merged.size() - 1, new Interval(last.lo, hi, null));
          continue;
        }
      }
      merged.add(next);
    }
    return merged;
  }

  static boolean allPoints(List<Interval> intervals) {
    return intervals.stream().allMatch(Interval::isPoint);
  }
}
