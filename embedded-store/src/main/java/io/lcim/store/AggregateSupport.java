package io.lcim.store;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.backend.DatabaseResolver;

/**
 * Aggregations that start with {@code $match}: the library would read the whole collection and match in the
 * pipeline; here the leading {@code $match} (with a {@code $sort}, {@code $skip} and {@code $limit} right after it)
 * becomes a planned query and the rest of the pipeline runs on its result. The driver's
 * {@code countDocuments} pipeline ({@code $match}, optional {@code $skip}/{@code $limit}, {@code $group} counting)
 * becomes a count, which for an empty filter is the collection's size.
 */
final class AggregateSupport {

  private AggregateSupport() {
  }

  /** The leading stages that map onto a query. */
  record Head(Document match, Document sort, long skip, long limit, int stages) {
  }

  static Head head(List<Document> pipeline) {
    if (pipeline.isEmpty() || !(pipeline.get(0).get("$match") instanceof Document match)) {
      return null;
    }
    int i = 1;
    Document sort = null;
    long skip = 0;
    long limit = 0;
    if (i < pipeline.size() && pipeline.get(i).get("$sort") instanceof Document s) {
      sort = s;
      i++;
    }
    if (i < pipeline.size() && pipeline.get(i).get("$skip") instanceof Number n) {
      skip = n.longValue();
      i++;
    }
    if (i < pipeline.size() && pipeline.get(i).get("$limit") instanceof Number n && n.longValue() > 0) {
      limit = n.longValue();
      i++;
    }
    if (skip > Integer.MAX_VALUE || limit > Integer.MAX_VALUE) {
      return null;
    }
    return new Head(match, sort, skip, limit, i);
  }

  /** The response, or null when the library should run the aggregation itself. */
  static Document handle(IndexedDatabase database, Document query, DatabaseResolver resolver, Oplog oplog) {
    String collectionName = String.valueOf(query.get("aggregate"));
    MongoCollection<Long> collection = database.resolveCollection(collectionName, false);
    if (!(collection instanceof IndexedCollection) || !(query.get("pipeline") instanceof List)) {
      return null;
    }
    List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
    Head head = head(pipeline);
    if (head == null || pipeline.stream().anyMatch(stage -> stage.containsKey("$changeStream"))) {
      return null;
    }
    List<Document> rest = pipeline.subList(head.stages(), pipeline.size());
    List<Document> result;
    if (head.sort() == null && rest.size() == 1 && countField(rest.get(0)) != null) {
      Document group = (Document) rest.get(0).get("$group");
      int count = collection.count(head.match(), (int) head.skip(), head.limit() > 0 ? (int) head.limit() : -1);
      result = new ArrayList<>();
      if (count > 0) {
        result.add(new Document("_id", group.get("_id")).append(countField(rest.get(0)), count));
      }
    } else {
      Document selector = new Document("$query", head.match());
      if (head.sort() != null) {
        selector.put("$orderby", head.sort());
      }
      Iterable<Document> matched = collection.handleQuery(
        new QueryParameters(selector, (int) head.skip(), (int) head.limit()));
      Aggregation aggregation = Aggregation.fromPipeline(rest, resolver, database, collection, oplog);
      aggregation.validate(query);
      List<Document> documents = new ArrayList<>();
      matched.forEach(documents::add);
      result = aggregation.runStages(documents.stream());
    }
    Document cursor = new Document("id", 0L).append("ns", database.fullName(collectionName))
      .append("firstBatch", result);
    Document response = new Document("cursor", cursor);
    Utils.markOkay(response);
    return response;
  }

  /** For {@code {$group: {_id: <constant>, n: {$sum: 1}}}}: the name of the count field, else null. */
  private static String countField(Document stage) {
    if (stage.size() != 1 || !(stage.get("$group") instanceof Document group) || group.size() != 2) {
      return null;
    }
    Object id = group.get("_id");
    if (!group.containsKey("_id") || id instanceof Document || id instanceof List
      || (id instanceof String s && s.startsWith("$"))) {
      return null;
    }
    for (String field : group.keySet()) {
      if (!field.equals("_id")) {
        return group.get(field) instanceof Document sum && sum.size() == 1 && sum.get("$sum") instanceof Number one
          && one.doubleValue() == 1 ? field : null;
      }
    }
    return null;
  }
}
