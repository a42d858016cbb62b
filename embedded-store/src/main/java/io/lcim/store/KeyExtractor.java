package io.lcim.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;

/**
 * The index entries of one document: for each field the value at its path (arrays give one value per element:
 * multikey), combined over the fields. Field values are read with the library's own path walker, the same one its
 * matcher and sort comparator use.
 */
final class KeyExtractor {

  /** Stands for an empty array, which still needs one entry so the document is found through other fields. */
  private static final Object EMPTY_ARRAY = new Object();

  private final String[] paths;
  private final boolean[] dotted;
  private final boolean[] ascending;
  private final boolean sparse;

  KeyExtractor(String[] paths, boolean[] ascending, boolean sparse) {
    this.paths = paths;
    this.ascending = ascending;
    this.sparse = sparse;
    this.dotted = new boolean[paths.length];
    for (int i = 0; i < paths.length; i++) {
      dotted[i] = paths[i].contains(".");
    }
  }

  /** The library's path walker; a plain field name needs no walking (the library splits it with a regex). */
  private Object value(Document document, int field) {
    return dotted[field] ? Utils.getSubdocumentValueCollectionAware(document, paths[field])
      : document.getOrMissing(paths[field]);
  }

  /**
   * The entries of a document.
   *
   * @param values     the encoded field values of each entry (without the position), distinct
   * @param raw        the field values of each entry, for duplicate-key messages
   * @param multikey   bit i set when field i held an array
   * @param unsortable bit i set when field i held a value whose encoded order may differ from the library's
   */
  record Entries(List<byte[]> values, List<Object[]> raw, int multikey, int unsortable) {
    static final Entries NONE = new Entries(List.of(), List.of(), 0, 0);

    boolean isEmpty() {
      return values.isEmpty();
    }
  }

  Entries extract(Document document) {
    int n = paths.length;
    Object[] values = new Object[n];
    boolean anyArray = false;
    for (int i = 0; i < n; i++) {
      values[i] = value(document, i);
      anyArray |= values[i] instanceof Collection;
    }
    return anyArray ? extractMultikey(document, values) : extractSingle(values);
  }

  /** The common case: no arrays, one entry. */
  private Entries extractSingle(Object[] values) {
    boolean present = false;
    int unsortable = 0;
    ByteSink sink = new ByteSink(64);
    for (int i = 0; i < values.length; i++) {
      present |= !(values[i] instanceof Missing);
      int mark = sink.size();
      if (!KeyEncoder.encode(values[i], sink)) {
        unsortable |= 1 << i;
      }
      if (!ascending[i]) {
        sink.invertFrom(mark);
      }
      if (values[i] instanceof Missing) {
        values[i] = null;
      }
    }
    if (sparse && !present) {
      return Entries.NONE;
    }
    return new Entries(List.of(sink.toByteArray()), List.<Object[]>of(values), 0, unsortable);
  }

  private Entries extractMultikey(Document document, Object[] values) {
    int n = paths.length;
    List<List<Object>> choices = new ArrayList<>(n);
    int multikey = 0;
    int arrays = 0;
    boolean present = false;
    for (int i = 0; i < n; i++) {
      Object value = values[i];
      if (value instanceof Collection<?> collection) {
        multikey |= 1 << i;
        arrays++;
        present |= collection.isEmpty() || collection.stream().anyMatch(e -> !(e instanceof Missing));
        choices.add(collection.isEmpty() ? List.of(EMPTY_ARRAY) : new ArrayList<>(collection));
      } else {
        present |= !(value instanceof Missing);
        choices.add(Arrays.asList(value));
      }
    }
    if (sparse && !present) {
      return Entries.NONE;
    }
    if (arrays > 1) {
      checkNoParallelArrays(document);
    }
    return combine(choices, multikey);
  }

  private Entries combine(List<List<Object>> choices, int multikey) {
    List<byte[]> values = new ArrayList<>();
    List<Object[]> raw = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int[] unsortable = {0};
    ByteSink sink = new ByteSink();
    combine(choices, 0, new Object[paths.length], sink, unsortable, (bytes, combination) -> {
      if (seen.add(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))) {
        values.add(bytes);
        raw.add(combination.clone());
      }
    });
    return new Entries(values, raw, multikey, unsortable[0]);
  }

  private interface EntrySink {
    void accept(byte[] bytes, Object[] combination);
  }

  private void combine(List<List<Object>> choices, int field, Object[] combination, ByteSink sink,
                       int[] unsortable, EntrySink out) {
    if (field == choices.size()) {
      out.accept(sink.toByteArray(), combination);
      return;
    }
    int mark = sink.size();
    for (Object value : choices.get(field)) {
      sink.reset(mark);
      boolean sortable;
      if (value == EMPTY_ARRAY) {
        sink.put(KeyEncoder.EMPTY_ARRAY);
        sortable = false;
        combination[field] = List.of();
      } else {
        sortable = KeyEncoder.encode(value, sink);
        combination[field] = value instanceof Missing ? null : value;
      }
      if (!sortable) {
        unsortable[0] |= 1 << field;
      }
      if (!ascending[field]) {
        sink.invertFrom(mark);
      }
      combine(choices, field + 1, combination, sink, unsortable, out);
    }
    sink.reset(mark);
  }

  /** Like MongoDB (and the library): two fields may not both take their values from different arrays. */
  private void checkNoParallelArrays(Document document) {
    Set<String> arrayPaths = new LinkedHashSet<>();
    for (String path : paths) {
      List<String> fragments = Utils.splitPath(path);
      for (int end = 1; end <= fragments.size(); end++) {
        String prefix = String.join(".", fragments.subList(0, end));
        if (Utils.getSubdocumentValue(document, prefix) instanceof Collection) {
          arrayPaths.add(prefix);
          break;
        }
      }
    }
    if (arrayPaths.size() > 1) {
      List<String> names = new ArrayList<>();
      for (String path : arrayPaths) {
        List<String> fragments = Utils.splitPath(path);
        names.add(fragments.get(fragments.size() - 1));
      }
      throw new CannotIndexParallelArraysError(names);
    }
  }
}
