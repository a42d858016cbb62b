package io.lcim.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The library's {@code DocumentComparator}, with one fix: its value comparator says an empty array is less than
 * another empty array (both ways), which breaks the sort contract and makes Java's sort throw "Comparison method
 * violates its general contract" depending on the input order. Two empty arrays compare equal here; everything
 * else is the library's comparison.
 */
final class SortComparator implements Comparator<Document> {

  private final List<String> paths = new ArrayList<>();
  private final List<ValueComparator> comparators = new ArrayList<>();

  private SortComparator(Document orderBy) {
    for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
      paths.add(entry.getKey());
      boolean ascending = !(entry.getValue() instanceof Number n) || n.intValue() > 0;
      comparators.add(ascending ? ValueComparator.asc() : ValueComparator.desc());
    }
  }

  /** Null when there is nothing to sort (no order, or natural order). */
  static Comparator<Document> of(Document orderBy) {
    if (orderBy == null || orderBy.isEmpty() || orderBy.keySet().iterator().next().equals("$natural")) {
      return null;
    }
    return new SortComparator(orderBy);
  }

  @Override
  public int compare(Document a, Document b) {
    for (int i = 0; i < paths.size(); i++) {
      Object x = Utils.getSubdocumentValueCollectionAware(a, paths.get(i));
      Object y = Utils.getSubdocumentValueCollectionAware(b, paths.get(i));
      if (emptyArray(x) && emptyArray(y)) {
        continue;
      }
      int cmp = comparators.get(i).compare(x, y);
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  private static boolean emptyArray(Object value) {
    return value instanceof Collection<?> collection && collection.isEmpty();
  }
}
