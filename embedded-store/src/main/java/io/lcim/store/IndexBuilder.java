package io.lcim.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.Cursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.exception.IndexBuildFailedException;
import de.bwaldvogel.mongo.exception.MongoServerError;

/** Builds an index from a collection's documents, and checks that indexes match the documents. */
final class IndexBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(IndexBuilder.class);
  private static final int BATCH = 1000;

  private IndexBuilder() {
  }

  /**
   * Fills {@code index} from every document, in batches so that commits can happen in between; the index only
   * counts as built (in the store) once complete, so a build cut short by a crash is redone at the next open.
   * The caller holds the collection's monitor: no document changes meanwhile.
   */
  static void build(IndexedCollection collection, BTreeIndex index) {
    StoreContext context = collection.context();
    long documents = collection.data().sizeAsLong();
    long started = System.nanoTime();
    context.write(index::clear);
    try {
      Iterator<Map.Entry<Long, byte[]>> all = collection.data().entrySet().iterator();
      while (all.hasNext()) {
        List<Map.Entry<Long, byte[]>> batch = new ArrayList<>(BATCH);
        while (all.hasNext() && batch.size() < BATCH) {
          batch.add(all.next());
        }
        context.write(() -> {
          for (Map.Entry<Long, byte[]> entry : batch) {
            KeyExtractor.Entries entries = index.entries(BsonCodec.decode(entry.getValue()));
            index.checkUnique(entries, entry.getKey(), collection);
            index.insert(entries, entry.getKey());
          }
        });
      }
    } catch (MongoServerError e) {
      index.drop();
      throw new IndexBuildFailedException(e, collection);
    }
    context.write(index::markBuilt);
    if (documents > 0) {
      LOG.info("built index '{}' of {} from {} documents in {} ms", index.getName(), collection.getFullName(),
        documents, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Every document's entries are in each index, and each index holds nothing else (the counts are equal).
   *
   * @return a description of each mismatch; empty when all indexes match the documents
   */
  static List<String> verify(IndexedCollection collection) {
    List<String> errors = new ArrayList<>();
    for (BTreeIndex index : collection.btreeIndexes()) {
      long expected = 0;
      long missing = 0;
      Cursor<Long, byte[]> cursor = collection.data().cursor(null);
      while (cursor.hasNext()) {
        long position = cursor.next();
        KeyExtractor.Entries entries = index.entries(BsonCodec.decode(cursor.getValue()));
        for (byte[] values : entries.values()) {
          expected++;
          if (!index.map().containsKey(BTreeIndex.key(values, position))) {
            missing++;
          }
        }
      }
      long actual = index.map().sizeAsLong();
      if (missing > 0 || actual != expected) {
        errors.add("index " + index.getName() + " of " + collection.getFullName() + ": " + missing
          + " entries missing, " + actual + " entries for " + expected + " expected");
      }
    }
    return errors;
  }
}
