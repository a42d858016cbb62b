package io.lcim.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A query filter read as a conjunction of field conditions ({@code $and} flattened) plus its {@code $or}
 * clauses. Only what can bound an index is kept; the library's matcher re-checks every candidate against the whole
 * filter, so anything not understood here ({@code $ne}, {@code $nin}, {@code $exists: false}, {@code $not},
 * {@code $nor}, {@code $expr}, regex, array or document equality, ...) is simply left to it.
 */
final class Conjunction {

  /** The field conditions: one {@link Predicate} per plain value or operator document. */
  final Map<String, List<Predicate>> fields = new LinkedHashMap<>();
  /** The original field conditions, to decide whether a partial index's filter is implied. */
  final List<Document> conditions = new ArrayList<>();
  /** Each {@code $or}: the conjunctions of its branches. */
  final List<List<Conjunction>> ors = new ArrayList<>();

  static Conjunction of(Document filter) {
    Conjunction conjunction = new Conjunction();
    if (filter != null) {
      conjunction.add(filter);
    }
    return conjunction;
  }

  private void add(Document filter) {
    for (Map.Entry<String, Object> entry : filter.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals("$and") && value instanceof Collection<?> clauses) {
        for (Object clause : clauses) {
          if (clause instanceof Document document) {
            add(document);
          }
        }
      } else if (key.equals("$or") && value instanceof Collection<?> clauses) {
        addOr(clauses);
      } else if (!key.startsWith("$")) {
        addField(key, value);
      }
    }
  }

  private void addOr(Collection<?> clauses) {
    List<Conjunction> branches = new ArrayList<>();
    for (Object clause : clauses) {
      if (!(clause instanceof Document document)) {
        return;
      }
      branches.add(of(document));
    }
    if (!branches.isEmpty()) {
      ors.add(branches);
    }
  }

  private void addField(String path, Object value) {
    conditions.add(new Document(path, value));
    Predicate predicate = new Predicate();
    if (BsonRegularExpression.isRegularExpression(value)) {
      predicate.present();
    } else if (value instanceof Document document && isOperatorDocument(document)) {
      for (Map.Entry<String, Object> operator : document.entrySet()) {
        addOperator(predicate, operator.getKey(), operator.getValue());
      }
    } else if (!(value instanceof Document) && !(value instanceof Collection)) {
      predicate.equal(value);
    } else {
      predicate.present();
    }
    fields.computeIfAbsent(path, p -> new ArrayList<>()).add(predicate);
  }

  private static boolean isOperatorDocument(Document document) {
    return !document.isEmpty() && document.keySet().iterator().next().startsWith("$");
  }

  private static void addOperator(Predicate predicate, String operator, Object operand) {
    switch (operator) {
      case "$eq" -> {
        if (!(operand instanceof Document) && !(operand instanceof Collection)
          && !BsonRegularExpression.isRegularExpression(operand)) {
          predicate.equal(operand);
        }
      }
      case "$in" -> {
        if (operand instanceof List<?> values) {
          predicate.in(values);
        }
      }
      case "$gt", "$gte", "$lt", "$lte" -> predicate.compare(operator, operand);
      case "$exists" -> {
        if (operand instanceof Boolean b ? b : operand instanceof Number n && n.doubleValue() != 0) {
          predicate.present();
        }
      }
      case "$all" -> {
        if (operand instanceof List<?> values && !values.isEmpty() && !(values.get(0) instanceof Document)
          && !(values.get(0) instanceof Collection) && !BsonRegularExpression.isRegularExpression(values.get(0))) {
          predicate.equal(values.get(0));
        }
      }
      case "$elemMatch", "$regex", "$size" -> predicate.present();
      default -> {
        // $ne, $nin, $not, $type, $mod, $options, ...: left to the matcher
      }
    }
  }

  /** This conjunction with one {@code $or} replaced by one of its branches (for a union plan). */
  Conjunction withBranch(List<Conjunction> or, Conjunction branch) {
    Conjunction combined = new Conjunction();
    for (Conjunction part : List.of(this, branch)) {
      part.fields.forEach((path, predicates) ->
        combined.fields.computeIfAbsent(path, p -> new ArrayList<>()).addAll(predicates));
      combined.conditions.addAll(part.conditions);
      for (List<Conjunction> other : part.ors) {
        if (other != or) {
          combined.ors.add(other);
        }
      }
    }
    return combined;
  }

  boolean isEmpty() {
    return fields.isEmpty() && ors.isEmpty();
  }

  /** Whether some condition guarantees that {@code path} is present (not missing, not null). */
  boolean guaranteesPresence(String path) {
    List<Predicate> predicates = fields.get(path);
    if (predicates != null && predicates.stream().anyMatch(Predicate::presence)) {
      return true;
    }
    for (List<Conjunction> or : ors) {
      if (or.stream().allMatch(branch -> branch.guaranteesPresence(path))) {
        return true;
      }
    }
    return false;
  }
}
