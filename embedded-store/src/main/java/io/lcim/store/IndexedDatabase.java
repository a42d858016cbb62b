package io.lcim.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * A database of {@link IndexedCollection}s whose indexes are {@link BTreeIndex}es. The library keeps the catalogue
 * (system.namespaces, system.indexes) as collections of the same kind, so it persists with the data.
 */
final class IndexedDatabase extends AbstractSynchronizedMongoDatabase<Long> {

  private static final Logger LOG = LoggerFactory.getLogger(IndexedDatabase.class);

  private final StoreContext context;
  /** The description of the index being created: the library passes only its keys and sparse flag on. */
  private Document pendingIndex;

  IndexedDatabase(String databaseName, StoreContext context, CursorRegistry cursorRegistry) {
    super(databaseName, cursorRegistry);
    this.context = context;
    initializeNamespacesAndIndexes();
    removeOrphanIndexMaps();
  }

  @Override
  protected MongoCollection<Long> openOrCreateCollection(String collectionName, CollectionOptions options) {
    return new IndexedCollection(this, collectionName, options, cursorRegistry, context);
  }

  @Override
  protected synchronized void addIndex(Document indexDescription) {
    // nested when the collection does not exist yet: creating it adds its _id index first
    Document outer = pendingIndex;
    pendingIndex = indexDescription;
    try {
      super.addIndex(indexDescription);
    } finally {
      pendingIndex = outer;
    }
  }

  @Override
  protected Index<Long> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                boolean sparse) {
    return openIndex(collectionName, indexName, keys, sparse, true);
  }

  @Override
  protected Index<Long> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                   boolean sparse) {
    return openIndex(collectionName, indexName, keys, sparse, false);
  }

  private Index<Long> openIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse,
                                boolean unique) {
    Document description = description(collectionName, indexName);
    Document key = description == null ? null : (Document) description.get("key");
    if (key != null && !key.values().stream().allMatch(Number.class::isInstance)) {
      LOG.warn("index {} of {}.{} ({}) is not supported and is ignored", indexName, databaseName, collectionName,
        key);
      return new EmptyIndex<>(indexName, keys);
    }
    Document partialFilter = description == null ? null : (Document) description.get("partialFilterExpression");
    Long expireAfterSeconds = description != null && description.get("expireAfterSeconds") instanceof Number n
      ? n.longValue() : null;
    String mapName = StoreContext.indexMapName(getFullCollectionNamespace(collectionName), indexName);
    MVMap<byte[], Boolean> map = context.openIndexMap(mapName);
    return new BTreeIndex(context, map, indexName, keys, sparse, unique, partialFilter, expireAfterSeconds);
  }

  /** Being created: the pending description; being reopened: the one in system.indexes. */
  private Document description(String collectionName, String indexName) {
    String namespace = getFullCollectionNamespace(collectionName);
    Document pending = pendingIndex;
    if (pending != null && indexName.equals(pending.get("name")) && namespace.equals(pending.get("ns"))) {
      return pending;
    }
    MongoCollection<Long> catalogue = indexes.get();
    if (catalogue == null) {
      return null;
    }
    for (Document description : catalogue.handleQuery(new Document("ns", namespace).append("name", indexName))) {
      return description;
    }
    return null;
  }

  /** Index maps no index refers to (left by a crash between creating an index and recording it). */
  private void removeOrphanIndexMaps() {
    Set<String> live = new HashSet<>();
    for (IndexedCollection collection : context.collections) {
      for (BTreeIndex index : collection.btreeIndexes()) {
        live.add(index.map().getName());
      }
    }
    String prefix = StoreContext.INDEX_PREFIX + databaseName + ".";
    for (String name : context.mvStore.getMapNames()) {
      if (name.startsWith(prefix) && !live.contains(name)) {
        LOG.info("removing orphan index map '{}'", name);
        context.write(() -> context.mvStore.removeMap(name));
      }
    }
  }

  @Override
  public Document handleCommand(Channel channel, String command, Document query,
                                DatabaseResolver databaseResolver, Oplog oplog) {
    if (command.equalsIgnoreCase("explain")) {
      clearLastStatus(channel);
      return ExplainCommand.handle(this, query);
    }
    if (command.equalsIgnoreCase("aggregate")) {
      Document response = AggregateSupport.handle(this, query, databaseResolver, oplog);
      if (response != null) {
        clearLastStatus(channel);
        return response;
      }
    }
    return super.handleCommand(channel, command, query, databaseResolver, oplog);
  }

  String fullName(String collectionName) {
    return getFullCollectionNamespace(collectionName);
  }

  @Override
  public void drop(Oplog oplog) {
    super.drop(oplog);
    for (String prefix : List.of(StoreContext.DATA_PREFIX, StoreContext.INDEX_PREFIX)) {
      for (String name : context.mvStore.getMapNames()) {
        if (name.startsWith(prefix + databaseName + ".")) {
          context.write(() -> context.mvStore.removeMap(name));
        }
      }
    }
  }

  @Override
  protected long getStorageSize() {
    return context.fileSize();
  }

  @Override
  protected long getFileSize() {
    return context.fileSize();
  }
}
