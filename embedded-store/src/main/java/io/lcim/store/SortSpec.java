package io.lcim.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;

/** A requested sort, and whether an index walk gives it. */
record SortSpec(List<String> paths, List<Integer> directions, boolean natural, boolean naturalReverse) {

  static final SortSpec NONE = new SortSpec(List.of(), List.of(), false, false);

  static SortSpec of(Document orderBy) {
    if (orderBy == null || orderBy.isEmpty()) {
      return NONE;
    }
    if (orderBy.keySet().iterator().next().equals("$natural")) {
      Object direction = orderBy.get("$natural");
      return new SortSpec(List.of(), List.of(), true, direction instanceof Number n && n.intValue() < 0);
    }
    List<String> paths = new ArrayList<>();
    List<Integer> directions = new ArrayList<>();
    for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
      paths.add(entry.getKey());
      directions.add(entry.getValue() instanceof Number n && n.doubleValue() < 0 ? -1 : 1);
    }
    return new SortSpec(paths, directions, false, false);
  }

  boolean isEmpty() {
    return paths.isEmpty() && !natural;
  }

  /** How a plan walks its index: forward or backward, scans merged or concatenated, and whether that is sorted. */
  record Fit(boolean provided, boolean reverse, boolean merge) {
    static final Fit NO = new Fit(false, false, false);
  }

  /**
   * @param equality    the number of leading index fields bounded to points
   * @param singlePoint which of those hold a single point (constant in the walk)
   * @param multiPrefix whether the walk has several equality prefixes
   */
  Fit fit(BTreeIndex index, int equality, boolean[] singlePoint, boolean multiPrefix) {
    List<Integer> remaining = new ArrayList<>();
    for (int s = 0; s < paths.size(); s++) {
      if (!constant(index, paths.get(s), equality, singlePoint)) {
        remaining.add(s);
      }
    }
    if (remaining.isEmpty()) {
      return new Fit(true, false, false);
    }
    List<Integer> concatenated = new ArrayList<>();
    for (int i = 0; i < index.fieldCount(); i++) {
      if (!(i < equality && singlePoint[i])) {
        concatenated.add(i);
      }
    }
    Fit fit = match(index, remaining, concatenated, false);
    if (fit.provided() || !multiPrefix) {
      return fit;
    }
    List<Integer> merged = new ArrayList<>();
    for (int i = equality; i < index.fieldCount(); i++) {
      merged.add(i);
    }
    return match(index, remaining, merged, true);
  }

  /** A sort field fixed by a single-point equality on a non-multikey index field does not change the order. */
  private static boolean constant(BTreeIndex index, String path, int equality, boolean[] singlePoint) {
    for (int i = 0; i < equality; i++) {
      if (singlePoint[i] && !index.multikey(i) && index.path(i).equals(path)) {
        return true;
      }
    }
    return false;
  }

  private Fit match(BTreeIndex index, List<Integer> sortKeys, List<Integer> fields, boolean merge) {
    if (sortKeys.size() > fields.size()) {
      return Fit.NO;
    }
    int sign = 0;
    for (int k = 0; k < sortKeys.size(); k++) {
      int s = sortKeys.get(k);
      int field = fields.get(k);
      if (!index.path(field).equals(paths.get(s)) || !index.sortable(field)) {
        return Fit.NO;
      }
      int direction = directions.get(s) * (index.ascending(field) ? 1 : -1);
      if (sign != 0 && direction != sign) {
        return Fit.NO;
      }
      sign = direction;
    }
    return new Fit(true, sign < 0, merge);
  }
}
