package io.lcim.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.lcim.store.Plan.IndexPlan;

/**
 * Chooses how to reach the documents of one query, MongoDB-style: for each usable index the longest equality
 * prefix ({@code $in} with few values giving several points), then a range on the next field, then whether the
 * remaining fields give the requested sort (forward or backward; several equality points are merged). The number
 * of keys in the bounds is counted exactly from the B-tree's page counts, and the cheapest plan wins, where a plan
 * that provides the sort stops after about skip + limit keys. An {@code $or} also bounds a field by the union of
 * its branches; an {@code $or} none of whose single-index plans is good enough becomes a union of per-branch index
 * plans when every branch has one. Without an index plan the collection is scanned, or, with notablescan, the
 * query fails with error 291.
 */
final class Planner {

  private static final int MAX_POINTS = 500;
  private static final int MAX_COUNTED_SCANS = 64;
  private static final byte[] EMPTY = new byte[0];

  private final List<BTreeIndex> indexes;
  private final long documents;
  private final boolean notablescan;
  private final String namespace;

  Planner(List<BTreeIndex> indexes, long documents, boolean notablescan, String namespace) {
    this.indexes = indexes;
    this.documents = documents;
    this.notablescan = notablescan;
    this.namespace = namespace;
  }

  /** The chosen plan and every plan considered. */
  record Choice(Plan plan, List<Plan> candidates) {
  }

  Plan plan(Document filter, Document orderBy, int skip, int limit) {
    return choose(filter, orderBy, skip, limit).plan();
  }

  Choice choose(Document filter, Document orderBy, int skip, int limit) {
    SortSpec sort = SortSpec.of(orderBy);
    long fetchLimit = limit > 0 ? (long) Math.max(skip, 0) + limit : -1;
    List<Plan> candidates = new ArrayList<>();
    if (sort.natural()) {
      return naturalOrder(filter, sort, candidates);
    }
    Conjunction conjunction = Conjunction.of(filter);
    for (BTreeIndex index : indexes) {
      IndexPlan candidate = planIndex(index, conjunction, sort, fetchLimit);
      if (candidate != null) {
        candidates.add(candidate);
      }
    }
    candidates.sort(PLAN_ORDER);
    Plan best = candidates.isEmpty() ? null : candidates.get(0);
    if (!conjunction.ors.isEmpty()) {
      Plan.UnionPlan union = union(conjunction, sort);
      if (union != null) {
        candidates.add(union);
        if (best == null || union.cost() < best.cost()) {
          best = union;
        }
      }
    }
    if (!notablescan) {
      Plan scan = new Plan.CollectionScan(false, sort.isEmpty(), scanCost(conjunction, sort, fetchLimit));
      candidates.add(scan);
      if (best == null || scan.cost() < best.cost()) {
        best = scan;
      }
    }
    if (best == null) {
      throw noIndexedPlan(filter);
    }
    return new Choice(best, candidates);
  }

  private Choice naturalOrder(Document filter, SortSpec sort, List<Plan> candidates) {
    if (notablescan) {
      throw noIndexedPlan(filter);
    }
    Plan scan = new Plan.CollectionScan(sort.naturalReverse(), true, documents);
    candidates.add(scan);
    return new Choice(scan, candidates);
  }

  private MongoServerError noIndexedPlan(Document filter) {
    return new MongoServerError(291, "NoQueryExecutionPlans", "error processing query: ns=" + namespace
      + " filter=" + filter + " planner returned error :: caused by :: "
      + "No indexed plans available, and running with 'notablescan'");
  }

  private static final Comparator<Plan> PLAN_ORDER = Comparator.comparingDouble(Plan::cost)
    .thenComparing(plan -> -((IndexPlan) plan).equalityFields())
    .thenComparing(plan -> !((IndexPlan) plan).range())
    .thenComparing(plan -> !plan.sortProvided())
    .thenComparing(plan -> ((IndexPlan) plan).index().fieldCount());

  private IndexPlan planIndex(BTreeIndex index, Conjunction conjunction, SortSpec sort, long fetchLimit) {
    if (!usable(index, conjunction)) {
      return null;
    }
    int fields = index.fieldCount();
    List<byte[]> prefixes = List.of(EMPTY);
    boolean[] singlePoint = new boolean[fields];
    List<Intervals.Interval> range = null;
    int equality = 0;
    int bounded = 0;
    for (int i = 0; i < fields; i++) {
      List<Intervals.Interval> intervals = fieldIntervals(index, i, conjunction);
      if (intervals == null) {
        break;
      }
      bounded++;
      if (Intervals.allPoints(intervals) && (long) prefixes.size() * intervals.size() <= MAX_POINTS) {
        prefixes = cross(prefixes, intervals);
        singlePoint[i] = intervals.size() == 1;
        equality++;
        continue;
      }
      range = intervals;
      break;
    }
    SortSpec.Fit fit = sort.fit(index, equality, singlePoint, prefixes.size() > 1);
    boolean filtering = index.isSparse() || index.partialFilter() != null;
    if (bounded == 0 && !filtering && !(fit.provided() && !sort.isEmpty())) {
      return null;
    }
    List<Plan.Scan> scans = scans(prefixes, range);
    long keys = countKeys(index, scans);
    int residual = residualFields(index, conjunction, bounded);
    boolean stopsEarly = fetchLimit > 0 && fit.provided();
    double cost = stopsEarly ? Math.min(keys, fetchLimit * (1 + 2.0 * residual)) : keys;
    if (!fit.provided()) {
      cost *= 1.2;
    }
    return new IndexPlan(index, scans, fit.reverse(), fit.merge(), fit.provided(), equality, range != null, keys,
      cost);
  }

  /** Sparse and partial indexes miss documents: usable only when the query cannot match those. */
  private static boolean usable(BTreeIndex index, Conjunction conjunction) {
    if (index.isSparse()) {
      boolean present = false;
      for (int i = 0; i < index.fieldCount(); i++) {
        present |= conjunction.guaranteesPresence(index.path(i));
      }
      if (!present) {
        return false;
      }
    }
    return index.partialFilter() == null || implies(conjunction, index.partialFilter());
  }

  /** Understands filters made of {@code $exists: true} and conditions that appear verbatim in the query. */
  static boolean implies(Conjunction conjunction, Document filter) {
    for (Map.Entry<String, Object> entry : filter.entrySet()) {
      Object value = entry.getValue();
      if (entry.getKey().equals("$and") && value instanceof List<?> clauses) {
        for (Object clause : clauses) {
          if (!(clause instanceof Document document) || !implies(conjunction, document)) {
            return false;
          }
        }
      } else if (value instanceof Document condition && condition.size() == 1
        && Boolean.TRUE.equals(condition.get("$exists"))) {
        if (!conjunction.guaranteesPresence(entry.getKey())) {
          return false;
        }
      } else if (!conjunction.conditions.contains(new Document(entry.getKey(), value))) {
        return false;
      }
    }
    return true;
  }

  /** The intervals of index field i: conditions on a multikey field are not intersected, one is chosen. */
  private static List<Intervals.Interval> fieldIntervals(BTreeIndex index, int field, Conjunction conjunction) {
    boolean ascending = index.ascending(field);
    List<List<Intervals.Interval>> sets = new ArrayList<>();
    for (Predicate predicate : conjunction.fields.getOrDefault(index.path(field), List.of())) {
      List<Intervals.Interval> intervals = predicate.intervals(ascending);
      if (intervals != null) {
        sets.add(intervals);
      }
    }
    for (List<Conjunction> or : conjunction.ors) {
      List<Intervals.Interval> union = List.of();
      for (Conjunction branch : or) {
        List<Intervals.Interval> intervals = fieldIntervals(index, field, branch);
        if (intervals == null) {
          union = null;
          break;
        }
        union = Intervals.union(union, intervals);
      }
      if (union != null) {
        sets.add(union);
      }
    }
    if (sets.isEmpty()) {
      return null;
    }
    if (index.multikey(field)) {
      return sets.stream().min(Comparator.comparing((List<Intervals.Interval> s) -> !Intervals.allPoints(s))
        .thenComparingInt(List::size)).orElseThrow();
    }
    List<Intervals.Interval> result = sets.get(0);
    for (int i = 1; i < sets.size(); i++) {
      result = Intervals.intersect(result, sets.get(i));
    }
    return result;
  }

  private static List<byte[]> cross(List<byte[]> prefixes, List<Intervals.Interval> points) {
    List<byte[]> result = new ArrayList<>(prefixes.size() * points.size());
    for (byte[] prefix : prefixes) {
      for (Intervals.Interval point : points) {
        result.add(Intervals.concat(prefix, point.point()));
      }
    }
    return result;
  }

  private static List<Plan.Scan> scans(List<byte[]> prefixes, List<Intervals.Interval> range) {
    List<Plan.Scan> scans = new ArrayList<>();
    for (byte[] prefix : prefixes) {
      byte[] end = Intervals.successor(prefix);
      if (range == null) {
        scans.add(new Plan.Scan(prefix, prefix.length == 0 ? null : end, prefix.length));
        continue;
      }
      for (Intervals.Interval interval : range) {
        byte[] lo = interval.lo() == null ? prefix : Intervals.concat(prefix, interval.lo());
        byte[] hi = interval.hi() == null ? (prefix.length == 0 ? null : end) : Intervals.concat(prefix, interval.hi());
        scans.add(new Plan.Scan(lo, hi, prefix.length));
      }
    }
    return scans;
  }

  private static long countKeys(BTreeIndex index, List<Plan.Scan> scans) {
    long keys = 0;
    int counted = Math.min(scans.size(), MAX_COUNTED_SCANS);
    for (int i = 0; i < counted; i++) {
      keys += index.count(scans.get(i).lo(), scans.get(i).hi());
    }
    return counted == scans.size() ? keys : keys * scans.size() / counted;
  }

  /** Query fields the plan's bounds do not cover: the matcher may reject many of the keys walked. */
  private static int residualFields(BTreeIndex index, Conjunction conjunction, int bounded) {
    int residual = conjunction.ors.size();
    for (String path : conjunction.fields.keySet()) {
      boolean covered = false;
      for (int i = 0; i < bounded; i++) {
        covered |= index.path(i).equals(path);
      }
      residual += covered ? 0 : 1;
    }
    return residual;
  }

  private double scanCost(Conjunction conjunction, SortSpec sort, long fetchLimit) {
    int fields = conjunction.fields.size() + conjunction.ors.size();
    double cost = fetchLimit > 0 && sort.isEmpty() ? Math.min(documents, fetchLimit * (1 + 2.0 * fields)) : documents;
    return (cost + 1) * (sort.isEmpty() ? 1.1 : 1.3);
  }

  /** The cheapest union of per-branch index plans over one {@code $or}, if every branch has one. */
  private Plan.UnionPlan union(Conjunction conjunction, SortSpec sort) {
    Plan.UnionPlan best = null;
    for (List<Conjunction> or : conjunction.ors) {
      List<IndexPlan> branches = new ArrayList<>();
      double cost = 0;
      for (Conjunction branch : or) {
        Conjunction combined = conjunction.withBranch(or, branch);
        IndexPlan plan = null;
        for (BTreeIndex index : indexes) {
          IndexPlan candidate = planIndex(index, combined, SortSpec.NONE, -1);
          if (candidate != null && (candidate.equalityFields() > 0 || candidate.range())
            && (plan == null || PLAN_ORDER.compare(candidate, plan) < 0)) {
            plan = candidate;
          }
        }
        if (plan == null) {
          branches = null;
          break;
        }
        branches.add(plan);
        cost += plan.cost();
      }
      if (branches != null && (best == null || cost < best.cost())) {
        best = new Plan.UnionPlan(branches, sort.isEmpty(), cost * (sort.isEmpty() ? 1.0 : 1.2));
      }
    }
    return best;
  }
}
