package io.lcim.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.IndexKeySpecsConflictException;
import de.bwaldvogel.mongo.exception.InvalidIdFieldError;
import de.bwaldvogel.mongo.exception.MongoServerException;

/**
 * A collection whose documents are BSON bytes in an MVStore map keyed by position (a sequence number), with real
 * indexes ({@link BTreeIndex}) and a planner ({@link Planner}) behind every way the library selects documents.
 *
 * <p>The library's collection code stays in charge of matching, updating, upserts and results; this class replaces
 * storage, index maintenance and document selection. Every write of one document (data and all index entries)
 * happens in one {@link StoreContext#write} so a commit never holds half of it; all writers of a collection are
 * also serialised by the collection's monitor (as in the stock collections), which makes unique checks safe.
 */
final class IndexedCollection extends AbstractSynchronizedMongoCollection<Long> {

  private static final String ID = "_id";
  static final String ID_INDEX = "_id_";

  private final StoreContext context;
  private final MVMap<Long, byte[]> data;
  private final PlanExecutor executor;
  private final AtomicLong nextPosition;
  private final AtomicLong dataSize = new AtomicLong();
  private long persistedDataSize = -1;

  IndexedCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                    CursorRegistry cursorRegistry, StoreContext context) {
    super(database, collectionName, options, cursorRegistry);
    this.context = context;
    this.data = context.openDataMap(getFullName());
    this.executor = new PlanExecutor(data);
    Long last = data.lastKey();
    this.nextPosition = new AtomicLong(last == null ? 1 : last + 1);
    String size = context.meta.get(sizeKey());
    if (size != null) {
      dataSize.set(Long.parseLong(size));
      persistedDataSize = dataSize.get();
    }
    context.collections.add(this);
  }

  private String sizeKey() {
    return "s." + data.getId();
  }

  /** Called by the committer with all writes excluded, so the figure matches the committed data. */
  void persistCounters() {
    long size = dataSize.get();
    if (size != persistedDataSize && !data.isClosed()) {
      context.meta.put(sizeKey(), Long.toString(size));
      persistedDataSize = size;
    }
  }

  StoreContext context() {
    return context;
  }

  MVMap<Long, byte[]> data() {
    return data;
  }

  boolean isSystem() {
    return getCollectionName().startsWith("system.");
  }

  /** Synchronized: the TTL monitor reads the index list while an index may be added. */
  synchronized List<BTreeIndex> btreeIndexes() {
    List<BTreeIndex> result = new ArrayList<>();
    for (Index<Long> index : getIndexes()) {
      if (index instanceof BTreeIndex btree) {
        result.add(btree);
      }
    }
    return result;
  }

  private BTreeIndex idIndex() {
    for (Index<Long> index : getIndexes()) {
      if (index instanceof BTreeIndex btree && ID_INDEX.equals(btree.getName())) {
        return btree;
      }
    }
    return null;
  }

  Planner planner() {
    boolean notablescan = context.options.notablescan() && !isSystem();
    return new Planner(btreeIndexes(), data.sizeAsLong(), notablescan, getFullName());
  }

  // ---- writes

  @Override
  public synchronized void addDocument(Document document) {
    if (document.get(ID) instanceof Collection) {
      throw new InvalidIdFieldError("The '_id' value cannot be of type array");
    }
    if (!document.containsKey(ID) && !isSystem()) {
      document.put(ID, new ObjectId());
    }
    List<BTreeIndex> indexes = btreeIndexes();
    List<KeyExtractor.Entries> entries = new ArrayList<>(indexes.size());
    for (BTreeIndex index : indexes) {
      KeyExtractor.Entries documentEntries = index.entries(document);
      index.checkUnique(documentEntries, null, this);
      entries.add(documentEntries);
    }
    byte[] bson = BsonCodec.encode(document);
    context.write(() -> {
      long position = nextPosition.getAndIncrement();
      if (position > BTreeIndex.MAX_POSITION) {
        throw new MongoServerException("no positions left in " + getFullName());
      }
      data.put(position, bson);
      for (int i = 0; i < indexes.size(); i++) {
        indexes.get(i).insert(entries.get(i), position);
      }
      dataSize.addAndGet(bson.length);
    });
  }

  @Override
  public synchronized void removeDocument(Document document) {
    Long position = positionOf(document);
    if (position != null) {
      removeAt(position);
    }
  }

  private Long positionOf(Document document) {
    BTreeIndex idIndex = idIndex();
    if (idIndex == null) {
      return findDocumentPosition(document);
    }
    KeyExtractor.Entries entries = idIndex.entries(document);
    return entries.isEmpty() ? null : idIndex.lookup(entries.values().get(0));
  }

  /** Index entries are computed from the stored document, so they are exactly the ones it was given. */
  private void removeAt(long position) {
    byte[] bson = data.get(position);
    if (bson == null) {
      return;
    }
    Document stored = BsonCodec.decode(bson);
    List<BTreeIndex> indexes = btreeIndexes();
    List<KeyExtractor.Entries> entries = new ArrayList<>(indexes.size());
    for (BTreeIndex index : indexes) {
      entries.add(index.entries(stored));
    }
    context.write(() -> {
      data.remove(position);
      for (int i = 0; i < indexes.size(); i++) {
        indexes.get(i).delete(entries.get(i), position);
      }
      dataSize.addAndGet(-bson.length);
    });
  }

  /** The library calls this after validating the update with every index's checkUpdate. */
  @Override
  protected void handleUpdate(Long position, Document oldDocument, Document newDocument) {
    List<BTreeIndex> indexes = btreeIndexes();
    List<KeyExtractor.Entries> before = new ArrayList<>(indexes.size());
    List<KeyExtractor.Entries> after = new ArrayList<>(indexes.size());
    for (BTreeIndex index : indexes) {
      before.add(index.entries(oldDocument));
      after.add(index.entries(newDocument));
    }
    byte[] bson = BsonCodec.encode(newDocument);
    context.write(() -> {
      byte[] previous = data.put(position, bson);
      for (int i = 0; i < indexes.size(); i++) {
        indexes.get(i).update(before.get(i), after.get(i), position);
      }
      dataSize.addAndGet(bson.length - (previous == null ? 0 : previous.length));
    });
  }

  @Override
  protected Long addDocumentInternal(Document document) {
    byte[] bson = BsonCodec.encode(document);
    return context.write(() -> {
      long position = nextPosition.getAndIncrement();
      data.put(position, bson);
      dataSize.addAndGet(bson.length);
      return position;
    });
  }

  @Override
  protected void removeDocument(Long position) {
    context.write(() -> {
      byte[] previous = data.remove(position);
      if (previous != null) {
        dataSize.addAndGet(-previous.length);
      }
    });
  }

  @Override
  protected boolean tracksDataSize() {
    return false; // kept from the BSON byte counts above instead
  }

  @Override
  protected void updateDataSize(int sizeDelta) {
    dataSize.addAndGet(sizeDelta);
  }

  @Override
  protected int getDataSize() {
    return (int) Math.min(Integer.MAX_VALUE, dataSize.get());
  }

  // ---- reads

  @Override
  public int count() {
    return data.size();
  }

  @Override
  public boolean isEmpty() {
    return data.isEmpty();
  }

  /** An empty filter counts the collection; otherwise matches are counted as they stream by, none kept. */
  @Override
  public synchronized int count(Document query, int skip, int limit) {
    if (query == null || query.isEmpty()) {
      return super.count(query, skip, limit);
    }
    Plan plan = planner().plan(query, null, skip, limit);
    long count = executor.documents(plan).filter(document -> documentMatchesQuery(document, query))
      .skip(Math.max(0, skip)).limit(limit > 0 ? limit : Long.MAX_VALUE).count();
    return (int) Math.min(Integer.MAX_VALUE, count);
  }

  @Override
  protected Document getDocument(Long position) {
    byte[] bson = data.get(position);
    return bson == null ? null : BsonCodec.decode(bson);
  }

  @Override
  protected Stream<DocumentWithPosition<Long>> streamAllDocumentsWithPosition() {
    return data.entrySet().stream()
      .map(entry -> new DocumentWithPosition<>(BsonCodec.decode(entry.getValue()), entry.getKey()));
  }

  @Override
  protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                       int batchSize, Document fieldSelector) {
    Stream<Document> documents = executor.scan(isNaturalDescending(orderBy));
    return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  /**
   * Every selection of the library (find, count, update, delete, findAndModify, distinct) comes here. Without
   * sort, skip, limit and projection (updates, deletes, distinct) the result is lazy, so an update of one document
   * stops at the first match; the index walk reads a snapshot, so documents changed meanwhile are not revisited.
   */
  @Override
  protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                       int batchSize, Document fieldSelector) {
    Plan plan = planner().plan(query, orderBy, numberToSkip, limit);
    Stream<Document> candidates = executor.documents(plan);
    if (orderBy == null && numberToSkip == 0 && limit == 0 && batchSize == 0 && fieldSelector == null) {
      Iterator<Document> matches = candidates.filter(document -> documentMatchesQuery(document, query)).iterator();
      return new QueryResult(() -> matches);
    }
    Comparator<Document> comparator = plan.sortProvided() ? null : SortComparator.of(orderBy);
    return matchDocumentsFromStream(query, candidates, numberToSkip, limit, batchSize, comparator, fieldSelector);
  }

  /** For the {@code explain} command. */
  synchronized Document explain(Document filter, Document orderBy, int skip, int limit) {
    Planner.Choice choice = planner().choose(filter, orderBy, skip, limit);
    List<Document> rejected = new ArrayList<>();
    for (Plan candidate : choice.candidates()) {
      if (candidate != choice.plan()) {
        rejected.add(candidate.explain());
      }
    }
    Document queryPlanner = new Document("namespace", getFullName())
      .append("parsedQuery", filter == null ? new Document() : filter)
      .append("winningPlan", choice.plan().explain())
      .append("rejectedPlans", rejected);
    return new Document("queryPlanner", queryPlanner);
  }

  // ---- indexes

  @Override
  public synchronized void addIndex(Index<Long> index) {
    for (Index<Long> existing : getIndexes()) {
      if (existing.getName().equals(index.getName())) {
        if (!existing.hasSameOptions(index)) {
          throw new IndexKeySpecsConflictException(index, existing);
        }
        return;
      }
    }
    if (index instanceof BTreeIndex btree && !btree.isBuilt()) {
      IndexBuilder.build(this, btree);
    }
    getIndexes().add(index);
  }

  @Override
  public synchronized Document validate() {
    Document response = super.validate();
    List<String> errors = IndexBuilder.verify(this);
    response.put("valid", errors.isEmpty());
    response.put("errors", errors);
    return response;
  }

  @Override
  public synchronized void drop() {
    super.drop();
    context.collections.remove(this);
    context.write(() -> {
      context.meta.remove(sizeKey());
      context.mvStore.removeMap(data);
    });
  }

  @Override
  public synchronized void renameTo(MongoDatabase newDatabase, String newCollectionName) {
    String newFullName = newDatabase.getDatabaseName() + "." + newCollectionName;
    context.write(() -> {
      context.mvStore.renameMap(data, StoreContext.dataMapName(newFullName));
      for (BTreeIndex index : btreeIndexes()) {
        context.mvStore.renameMap(index.map(), StoreContext.indexMapName(newFullName, index.getName()));
      }
    });
    super.renameTo(newDatabase, newCollectionName);
  }
}
