package io.lcim.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;

/**
 * An index kept as an ordered MVStore map in the store file: key = the encoded field values of one entry
 * (see {@link KeyEncoder}, descending fields inverted) followed by the document's position in 5 bytes; no value.
 *
 * <p>Writes come from {@link IndexedCollection}, which changes data and indexes together under the commit lock; the
 * stock {@link Index} write methods the library calls itself only validate (or are never reached).
 */
final class BTreeIndex extends Index<Long> {

  static final int POSITION_BYTES = 5;
  static final long MAX_POSITION = (1L << (8 * POSITION_BYTES)) - 1;

  private final StoreContext context;
  private final MVMap<byte[], Boolean> map;
  private final String[] paths;
  private final boolean[] ascending;
  private final boolean unique;
  private final Document partialFilter;
  private final Long expireAfterSeconds;
  private final KeyExtractor extractor;
  private volatile int multikeyMask;
  private volatile int unsortableMask;

  BTreeIndex(StoreContext context, MVMap<byte[], Boolean> map, String name, List<IndexKey> keys, boolean sparse,
             boolean unique, Document partialFilter, Long expireAfterSeconds) {
    super(name, keys, sparse);
    this.context = context;
    this.map = map;
    this.paths = keys.stream().map(IndexKey::getKey).toArray(String[]::new);
    this.ascending = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      ascending[i] = keys.get(i).isAscending();
    }
    this.unique = unique;
    this.partialFilter = partialFilter;
    this.expireAfterSeconds = expireAfterSeconds;
    this.extractor = new KeyExtractor(paths, ascending, sparse);
    String flags = context.meta.get(flagsKey());
    if (flags != null) {
      String[] parts = flags.split(",");
      multikeyMask = Integer.parseInt(parts[0]);
      unsortableMask = Integer.parseInt(parts[1]);
    }
  }

  // ---- what the planner needs

  int fieldCount() {
    return paths.length;
  }

  String path(int field) {
    return paths[field];
  }

  boolean ascending(int field) {
    return ascending[field];
  }

  boolean multikey(int field) {
    return (multikeyMask & (1 << field)) != 0;
  }

  boolean anyMultikey() {
    return multikeyMask != 0;
  }

  /** Whether walking this field in key order gives the library's sort order. */
  boolean sortable(int field) {
    return ((multikeyMask | unsortableMask) & (1 << field)) == 0;
  }

  @Override
  public boolean isSparse() {
    return super.isSparse();
  }

  Document partialFilter() {
    return partialFilter;
  }

  Long expireAfterSeconds() {
    return expireAfterSeconds;
  }

  MVMap<byte[], Boolean> map() {
    return map;
  }

  Document keyPattern() {
    Document pattern = new Document();
    for (int i = 0; i < paths.length; i++) {
      pattern.put(paths[i], ascending[i] ? 1 : -1);
    }
    return pattern;
  }

  /** Entries with keys in [lo, hi): O(log n) through the page counts of the B-tree. */
  long count(byte[] lo, byte[] hi) {
    long high = hi == null ? map.sizeAsLong() : rank(hi);
    return Math.max(0, high - rank(lo));
  }

  private long rank(byte[] key) {
    long index = map.getKeyIndex(key);
    return index >= 0 ? index : -(index + 1);
  }

  static long position(byte[] key) {
    long position = 0;
    for (int i = key.length - POSITION_BYTES; i < key.length; i++) {
      position = (position << 8) | (key[i] & 0xFF);
    }
    return position;
  }

  static byte[] key(byte[] values, long position) {
    byte[] key = Arrays.copyOf(values, values.length + POSITION_BYTES);
    for (int i = key.length - 1; i >= values.length; i--) {
      key[i] = (byte) position;
      position >>>= 8;
    }
    return key;
  }

  // ---- maintenance, called by the collection inside StoreContext.write

  KeyExtractor.Entries entries(Document document) {
    if (partialFilter != null && !new DefaultQueryMatcher().matches(document, partialFilter)) {
      return KeyExtractor.Entries.NONE;
    }
    return extractor.extract(document);
  }

  void insert(KeyExtractor.Entries entries, long position) {
    for (byte[] values : entries.values()) {
      map.put(key(values, position), Boolean.TRUE);
    }
    addFlags(entries.multikey(), entries.unsortable());
  }

  void delete(KeyExtractor.Entries entries, long position) {
    for (byte[] values : entries.values()) {
      map.remove(key(values, position));
    }
  }

  /** Replaces the entries of a changed document: only the entries that differ are touched. */
  void update(KeyExtractor.Entries before, KeyExtractor.Entries after, long position) {
    List<byte[]> old = before.values();
    List<byte[]> now = after.values();
    if (old.size() != 1 || now.size() != 1 || !Arrays.equals(old.get(0), now.get(0))) {
      Set<ByteBuffer> oldSet = wrap(old);
      Set<ByteBuffer> newSet = wrap(now);
      for (byte[] values : old) {
        if (!newSet.contains(ByteBuffer.wrap(values))) {
          map.remove(key(values, position));
        }
      }
      for (byte[] values : now) {
        if (!oldSet.contains(ByteBuffer.wrap(values))) {
          map.put(key(values, position), Boolean.TRUE);
        }
      }
    }
    addFlags(after.multikey(), after.unsortable());
  }

  private static Set<ByteBuffer> wrap(List<byte[]> values) {
    Set<ByteBuffer> set = new HashSet<>();
    for (byte[] value : values) {
      set.add(ByteBuffer.wrap(value));
    }
    return set;
  }

  private void addFlags(int multikey, int unsortable) {
    if ((multikeyMask | multikey) != multikeyMask || (unsortableMask | unsortable) != unsortableMask) {
      synchronized (this) {
        multikeyMask |= multikey;
        unsortableMask |= unsortable;
        context.meta.put(flagsKey(), multikeyMask + "," + unsortableMask);
      }
    }
  }

  /** Forgets all entries and flags, before a (re)build. */
  void clear() {
    map.clear();
    multikeyMask = 0;
    unsortableMask = 0;
    context.meta.remove(flagsKey());
    context.meta.remove(builtKey());
  }

  boolean isBuilt() {
    return context.meta.containsKey(builtKey());
  }

  void markBuilt() {
    context.meta.put(builtKey(), "1");
  }

  /** Throws E11000 if another document (not at {@code self}) already has one of these entries. */
  void checkUnique(KeyExtractor.Entries entries, Long self, MongoCollection<?> collection) {
    if (!unique) {
      return;
    }
    for (int i = 0; i < entries.values().size(); i++) {
      Long other = lookup(entries.values().get(i));
      if (other != null && !other.equals(self)) {
        throw new DuplicateKeyError(this, collection, getKeys(), new KeyValue(entries.raw().get(i)));
      }
    }
  }

  /** The position of the first entry with exactly these field values, or null. */
  Long lookup(byte[] values) {
    byte[] ceiling = map.ceilingKey(values);
    if (ceiling == null || ceiling.length != values.length + POSITION_BYTES
      || Arrays.compareUnsigned(ceiling, 0, values.length, values, 0, values.length) != 0) {
      return null;
    }
    return position(ceiling);
  }

  private String flagsKey() {
    return "f." + map.getId();
  }

  private String builtKey() {
    return "b." + map.getId();
  }

  // ---- the library's Index API

  @Override
  public Long getPosition(Document document) {
    if (!unique) {
      return null;
    }
    KeyExtractor.Entries entries = entries(document);
    return entries.isEmpty() ? null : lookup(entries.values().get(0));
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Long> collection) {
    checkUnique(entries(document), null, collection);
  }

  @Override
  public void add(Document document, Long position, MongoCollection<Long> collection) {
    KeyExtractor.Entries entries = entries(document);
    checkUnique(entries, null, collection);
    context.write(() -> insert(entries, position));
  }

  @Override
  public Long remove(Document document) {
    throw new UnsupportedOperationException("documents are removed through IndexedCollection");
  }

  @Override
  public boolean canHandle(Document query) {
    return false; // the planner of IndexedCollection uses indexes, not the library's first-match loop
  }

  @Override
  public Iterable<Long> getPositions(Document query) {
    throw new UnsupportedOperationException("queries are planned by IndexedCollection");
  }

  @Override
  public long getCount() {
    return map.sizeAsLong();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  /** Validates the new keys (unique, parallel arrays) before the library changes anything. */
  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Long> collection) {
    KeyExtractor.Entries entries = entries(newDocument);
    if (unique) {
      checkUnique(entries, getPosition(oldDocument), collection);
    }
  }

  /** Nothing here: IndexedCollection.handleUpdate changes data and index entries together. */
  @Override
  public void updateInPlace(Document oldDocument, Document newDocument, Long position,
                            MongoCollection<Long> collection) {
  }

  @Override
  public void drop() {
    context.write(() -> {
      context.meta.remove(flagsKey());
      context.meta.remove(builtKey());
      context.mvStore.removeMap(map);
    });
  }

  @Override
  public boolean isUnique() {
    return unique;
  }

  @Override
  public boolean hasSameOptions(Index<?> other) {
    return other instanceof BTreeIndex index && super.hasSameOptions(other) && unique == index.unique
      && Arrays.equals(paths, index.paths) && Arrays.equals(ascending, index.ascending)
      && Objects.equals(partialFilter, index.partialFilter)
      && Objects.equals(expireAfterSeconds, index.expireAfterSeconds);
  }

  @Override
  public Document toIndexDescription() {
    Document description = super.toIndexDescription();
    if (partialFilter != null) {
      description.put("partialFilterExpression", partialFilter);
    }
    if (expireAfterSeconds != null) {
      description.put("expireAfterSeconds", expireAfterSeconds);
    }
    return description;
  }
}
