package io.lcim.store;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * The {@code explain} command for find, count, distinct, delete, update, findAndModify and aggregate (its leading
 * {@code $match}): the plan the planner would choose, in MongoDB's shape ({@code queryPlanner.winningPlan}, with
 * {@code inputStage.indexName} for index plans), plus the rejected candidates.
 */
final class ExplainCommand {

  private ExplainCommand() {
  }

  static Document handle(IndexedDatabase database, Document query) {
    if (!(query.get("explain") instanceof Document inner) || inner.isEmpty()) {
      throw new MongoServerError(2, "BadValue", "explain needs a command document");
    }
    String command = inner.keySet().iterator().next();
    String collectionName = String.valueOf(inner.get(command));
    Target target = target(command.toLowerCase(), inner);
    MongoCollection<Long> collection = database.resolveCollection(collectionName, false);
    Document response;
    if (!(collection instanceof IndexedCollection indexed)) {
      response = new Document("queryPlanner", new Document("namespace", database.fullName(collectionName))
        .append("winningPlan", new Document("stage", "EOF")));
    } else if (target.metadataCount()) {
      response = new Document("queryPlanner", new Document("namespace", indexed.getFullName())
        .append("winningPlan", new Document("stage", "COUNT").append("metadata", true)));
    } else {
      response = indexed.explain(target.filter(), target.sort(), target.skip(), target.limit());
    }
    Utils.markOkay(response);
    return response;
  }

  private record Target(Document filter, Document sort, int skip, int limit, boolean metadataCount) {
  }

  private static Target target(String command, Document inner) {
    switch (command) {
      case "find":
        return new Target(document(inner.get("filter")), document(inner.get("sort")), number(inner.get("skip")),
          number(inner.get("limit")), false);
      case "count": {
        Document filter = document(inner.get("query"));
        return new Target(filter, null, number(inner.get("skip")), number(inner.get("limit")), filter.isEmpty());
      }
      case "distinct":
        return new Target(document(inner.get("query")), null, 0, 0, false);
      case "findandmodify":
        return new Target(document(inner.get("query")), document(inner.get("sort")), 0, 1, false);
      case "delete":
      case "update": {
        Object statements = inner.get(command.equals("delete") ? "deletes" : "updates");
        Document first = statements instanceof List<?> list && !list.isEmpty() ? (Document) list.get(0)
          : new Document();
        return new Target(document(first.get("q")), null, 0, number(first.get("limit")), false);
      }
      case "aggregate": {
        List<Document> pipeline = Aggregation.parse(inner.get("pipeline"));
        AggregateSupport.Head head = AggregateSupport.head(pipeline);
        if (head == null) {
          return new Target(new Document(), null, 0, 0, false);
        }
        return new Target(head.match(), head.sort(), (int) head.skip(), (int) head.limit(), false);
      }
      default:
        throw new MongoServerError(2, "BadValue", "explain of " + command + " is not supported");
    }
  }

  private static Document document(Object value) {
    return value instanceof Document document ? document : new Document();
  }

  private static int number(Object value) {
    return value instanceof Number number ? number.intValue() : 0;
  }
}
