package io.lcim.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Runs a {@link Plan} lazily: keys are walked only as far as the stream is consumed, so a sorted walk with a limit
 * stops early. Yields candidate documents; the caller applies the library's matcher, sort, skip and limit.
 */
final class PlanExecutor {

  private final MVMap<Long, byte[]> data;

  PlanExecutor(MVMap<Long, byte[]> data) {
    this.data = data;
  }

  Stream<Document> documents(Plan plan) {
    Iterator<Long> positions;
    if (plan instanceof Plan.IndexPlan indexPlan) {
      positions = positions(indexPlan, indexPlan.index().anyMultikey() ? new HashSet<>() : null);
    } else if (plan instanceof Plan.UnionPlan union) {
      Set<Long> seen = new HashSet<>();
      positions = concat(union.branches().iterator(), branch -> positions(branch, seen));
    } else {
      return scan(((Plan.CollectionScan) plan).reverse());
    }
    return stream(positions).map(data::get).filter(bson -> bson != null).map(BsonCodec::decode);
  }

  /** Concatenates the iterators made from each element, one after the other and only when reached. */
  static <S, T> Iterator<T> concat(Iterator<S> sources, Function<S, Iterator<T>> open) {
    return new Iterator<>() {
      private Iterator<T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!sources.hasNext()) {
            return false;
          }
          current = open.apply(sources.next());
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** Every document with its position, in insertion order or its reverse. */
  Stream<Document> scan(boolean reverse) {
    Long from = reverse ? data.lastKey() : null;
    if (reverse && from == null) {
      return Stream.empty();
    }
    Cursor<Long, byte[]> cursor = data.cursor(from, null, reverse);
    Iterator<Document> documents = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return cursor.hasNext();
      }

      @Override
      public Document next() {
        cursor.next();
        return BsonCodec.decode(cursor.getValue());
      }
    };
    return stream(documents);
  }

  private static <T> Stream<T> stream(Iterator<T> iterator) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
  }

  /** The positions of the plan's keys; {@code seen} (if not null) drops documents reached a second time. */
  private static Iterator<Long> positions(Plan.IndexPlan plan, Set<Long> seen) {
    MVMap<byte[], Boolean> map = plan.index().map();
    Iterator<byte[]> keys;
    if (plan.merge()) {
      keys = new MergedKeys(map, plan.scans(), plan.reverse());
    } else {
      List<Plan.Scan> scans = new ArrayList<>(plan.scans());
      if (plan.reverse()) {
        Collections.reverse(scans);
      }
      keys = concat(scans.iterator(), scan -> walk(map, scan, plan.reverse()));
    }
    return new Iterator<>() {
      private Long next;

      @Override
      public boolean hasNext() {
        while (next == null && keys.hasNext()) {
          long position = BTreeIndex.position(keys.next());
          if (seen == null || seen.add(position)) {
            next = position;
          }
        }
        return next != null;
      }

      @Override
      public Long next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Long position = next;
        next = null;
        return position;
      }
    };
  }

  /** The keys of one scan, created lazily so a scan that is never reached costs nothing. */
  static Iterator<byte[]> walk(MVMap<byte[], Boolean> map, Plan.Scan scan, boolean reverse) {
    return new Iterator<>() {
      private Cursor<byte[], Boolean> cursor;
      private byte[] next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        if (done) {
          return false;
        }
        if (cursor == null) {
          cursor = open(map, scan, reverse);
          if (cursor == null) {
            done = true;
            return false;
          }
        }
        if (!cursor.hasNext()) {
          done = true;
          return false;
        }
        byte[] key = cursor.next();
        if (!reverse && scan.hi() != null && Arrays.compareUnsigned(key, scan.hi()) >= 0) {
          done = true;
          return false;
        }
        next = key;
        return true;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        byte[] key = next;
        next = null;
        return key;
      }
    };
  }

  private static Cursor<byte[], Boolean> open(MVMap<byte[], Boolean> map, Plan.Scan scan, boolean reverse) {
    if (!reverse) {
      return map.cursor(scan.lo(), null, false);
    }
    byte[] start = scan.hi() == null ? map.lastKey() : map.lowerKey(scan.hi());
    if (start == null || Arrays.compareUnsigned(start, scan.lo()) < 0) {
      return null;
    }
    return map.cursor(start, scan.lo(), true);
  }

  /** Several scans walked side by side, ordered by the key bytes after each scan's equality prefix. */
  private static final class MergedKeys implements Iterator<byte[]> {

    private record Head(byte[] key, int prefixLength, Iterator<byte[]> rest) {
    }

    private final PriorityQueue<Head> heads;

    MergedKeys(MVMap<byte[], Boolean> map, List<Plan.Scan> scans, boolean reverse) {
      Comparator<Head> order = (a, b) -> Arrays.compareUnsigned(a.key, a.prefixLength, a.key.length,
        b.key, b.prefixLength, b.key.length);
      heads = new PriorityQueue<>(Math.max(1, scans.size()), reverse ? order.reversed() : order);
      for (Plan.Scan scan : scans) {
        Iterator<byte[]> keys = walk(map, scan, reverse);
        if (keys.hasNext()) {
          heads.add(new Head(keys.next(), scan.prefixLength(), keys));
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public byte[] next() {
      Head head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      if (head.rest.hasNext()) {
        heads.add(new Head(head.rest.next(), head.prefixLength, head.rest));
      }
      return head.key;
    }
  }
}
