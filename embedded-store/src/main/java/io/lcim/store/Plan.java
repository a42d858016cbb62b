package io.lcim.store;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.bson.Document;

/** How the documents of one query are reached. Candidates always go through the library's matcher afterwards. */
sealed interface Plan {

  /** Whether documents come out in the requested sort order (or no order was requested). */
  boolean sortProvided();

  double cost();

  /** A MongoDB-like description for the {@code explain} command. */
  Document explain();

  /**
   * One key range of an index: [lo, hi) (hi null = to the end). {@code prefixLength} is the length of the
   * equality prefix every key of the scan shares; a merge compares keys after it.
   */
  record Scan(byte[] lo, byte[] hi, int prefixLength) {
  }

  /**
   * A walk over {@code scans} of one index, forward or backward; with {@code merge} the scans are walked side by
   * side in the order of the key parts after their equality prefix (an {@code $in} prefix with a sort on the next
   * fields), else one after the other.
   */
  record IndexPlan(BTreeIndex index, List<Scan> scans, boolean reverse, boolean merge, boolean sortProvided,
                   int equalityFields, boolean range, long keys, double cost) implements Plan {

    @Override
    public Document explain() {
      Document ixscan = new Document("stage", "IXSCAN")
        .append("keyPattern", index.keyPattern())
        .append("indexName", index.getName())
        .append("isMultiKey", index.anyMultikey())
        .append("isUnique", index.isUnique())
        .append("isSparse", index.isSparse())
        .append("isPartial", index.partialFilter() != null)
        .append("direction", reverse ? "backward" : "forward")
        .append("scans", scans.size())
        .append("mergeSort", merge)
        .append("keysExamined", keys);
      return new Document("stage", "FETCH").append("inputStage", ixscan)
        .append("sortProvided", sortProvided).append("cost", cost);
    }
  }

  /** An {@code $or} whose every branch has an index plan: the union of their documents, each once. */
  record UnionPlan(List<IndexPlan> branches, boolean sortProvided, double cost) implements Plan {

    @Override
    public Document explain() {
      List<Document> inputs = new ArrayList<>();
      for (IndexPlan branch : branches) {
        inputs.add(branch.explain());
      }
      return new Document("stage", "OR").append("inputStages", inputs)
        .append("sortProvided", sortProvided).append("cost", cost);
    }
  }

  /** Every document, in insertion order or its reverse. */
  record CollectionScan(boolean reverse, boolean sortProvided, double cost) implements Plan {

    @Override
    public Document explain() {
      return new Document("stage", "COLLSCAN").append("direction", reverse ? "backward" : "forward")
        .append("sortProvided", sortProvided).append("cost", cost);
    }
  }
}
