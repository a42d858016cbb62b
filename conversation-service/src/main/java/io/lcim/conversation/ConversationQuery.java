package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a client's {@code conv/query} {@code where} JSON and {@code sort} text into a MongoDB filter and sort.
 * Only the operators the SDKs produce are accepted ({@link #FIELD_OPERATORS}, {@code $and}, {@code $or}); anything
 * else, such as {@code $where} or {@code $function}, is refused, as are keys that could reach operators through
 * values. Malformed input becomes a {@code CONVERSATION_QUERY_FAILED} protocol error.
 */
final class ConversationQuery {

  private static final Set<String> COMPARISONS = Set.of("$eq", "$ne", "$lt", "$lte", "$gt", "$gte");
  private static final Set<String> LIST_OPERATORS = Set.of("$in", "$nin", "$all");
  private static final Set<String> FIELD_OPERATORS = Set.of("$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$in", "$nin",
    "$all", "$size", "$exists", "$regex", "$options");
  private static final Pattern REGEX_OPTIONS = Pattern.compile("[imxs]*");
  private static final int MAX_DEPTH = 16;

  private ConversationQuery() {
  }

  /** The MongoDB filter for a {@code where} JSON text (null or blank = everything). */
  static JsonObject filter(String whereJson) {
    if (whereJson == null || whereJson.isBlank()) {
      return new JsonObject();
    }
    JsonObject where;
    try {
      where = new JsonObject(whereJson);
    } catch (DecodeException | ClassCastException e) {
      throw failed("where is not a JSON object");
    }
    try {
      return condition(where, 0);
    } catch (IllegalArgumentException e) {
      throw failed(e.getMessage());
    }
  }

  /**
   * The MongoDB sort for LeanCloud's {@code "key,-key2"} (null or blank = {@code defaultSort}). {@code _id} is
   * appended as a tie-breaker so that skip/limit pages never overlap.
   */
  static JsonObject sort(String sortText, JsonObject defaultSort) {
    JsonObject sort = new JsonObject();
    if (sortText == null || sortText.isBlank()) {
      sort.mergeIn(defaultSort);
    } else {
      for (String part : sortText.split(",")) {
        String key = part.trim();
        if (key.isEmpty()) {
          continue;
        }
        int direction = 1;
        if (key.startsWith("-")) {
          direction = -1;
          key = key.substring(1);
        }
        try {
          ConversationFields.checkPath(key);
        } catch (IllegalArgumentException e) {
          throw failed("sort: " + e.getMessage());
        }
        sort.put(ConversationFields.storedPath(key), direction);
      }
    }
    if (!sort.containsKey(ConversationFields.ID)) {
      sort.put(ConversationFields.ID, 1);
    }
    return sort;
  }

  /**
   * Fields with an index that an equality, {@code $in} or {@code $all} condition can walk: a query naming one of
   * them touches only the conversations it asks for.
   */
  private static final Set<String> INDEXED = Set.of(ConversationFields.ID, ConversationFields.MEMBERS,
    ConversationFields.UNIQUE_ID, ConversationFields.TRANSIENT, ConversationFields.SYSTEM);
  private static final Set<String> INDEXABLE_OPERATORS = Set.of("$eq", "$in", "$all");

  /**
   * {@code filter} as run for {@code clientId}: unchanged when it names an indexed field ({@link #INDEXED}), else
   * limited to the client's own conversations. Searching every conversation of the app by any other attribute
   * would read the whole collection per query; a client can always widen its search by naming ids or members.
   */
  static JsonObject scoped(JsonObject filter, String clientId) {
    if (isIndexed(filter)) {
      return filter;
    }
    JsonObject scoped = filter.copy();
    Object members = scoped.getValue(ConversationFields.MEMBERS);
    if (members instanceof JsonObject operators) {
      // Not indexable ($ne, $nin, $size, $exists, $regex): add the client next to them.
      operators.put("$in", new JsonArray().add(clientId));
    } else {
      scoped.put(ConversationFields.MEMBERS, clientId);
    }
    return scoped;
  }

  private static boolean isIndexed(JsonObject filter) {
    for (Map.Entry<String, Object> entry : filter) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals("$and") && value instanceof JsonArray all) {
        if (all.stream().anyMatch(branch -> branch instanceof JsonObject object && isIndexed(object))) {
          return true;
        }
      } else if (INDEXED.contains(key) && (!(value instanceof JsonObject operators)
        || operators.fieldNames().stream().anyMatch(INDEXABLE_OPERATORS::contains))) {
        return true;
      }
    }
    return false;
  }

  private static JsonObject condition(JsonObject where, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("where is nested too deeply");
    }
    JsonObject filter = new JsonObject();
    for (Map.Entry<String, Object> entry : where) {
      String key = entry.getKey();
      if (key.equals("$and") || key.equals("$or")) {
        filter.put(key, conditions(key, entry.getValue(), depth));
      } else if (key.startsWith("$")) {
        throw new IllegalArgumentException("unsupported operator " + key);
      } else {
        ConversationFields.checkPath(key);
        filter.put(ConversationFields.storedPath(key), fieldCondition(key, entry.getValue()));
      }
    }
    return filter;
  }

  private static JsonArray conditions(String operator, Object value, int depth) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new IllegalArgumentException(operator + " needs a non-empty array of conditions");
    }
    JsonArray translated = new JsonArray();
    for (Object element : array) {
      if (!(element instanceof JsonObject object)) {
        throw new IllegalArgumentException(operator + " needs a non-empty array of conditions");
      }
      translated.add(condition(object, depth + 1));
    }
    return translated;
  }

  /** Either an operator object ({@code {"$gt": 1}}) or a value to compare with for equality. */
  private static Object fieldCondition(String key, Object value) {
    if (value instanceof JsonObject object && !object.isEmpty() && object.fieldNames().stream()
      .anyMatch(name -> name.startsWith("$"))) {
      return operators(key, object);
    }
    return StoredValues.toStored(value);
  }

  private static JsonObject operators(String key, JsonObject object) {
    JsonObject translated = new JsonObject();
    for (Map.Entry<String, Object> entry : object) {
      String operator = entry.getKey();
      Object operand = entry.getValue();
      if (!FIELD_OPERATORS.contains(operator)) {
        throw new IllegalArgumentException(operator.startsWith("$") ? "unsupported operator " + operator
          : "key '" + key + "' mixes operators and values");
      }
      translated.put(operator, operand(key, operator, operand));
    }
    if (translated.containsKey("$options") && !translated.containsKey("$regex")) {
      throw new IllegalArgumentException("$options without $regex on '" + key + "'");
    }
    if (translated.containsKey("$regex")) {
      checkRegex(key, translated.getString("$regex"), translated.getString("$options", ""));
    }
    return translated;
  }

  private static Object operand(String key, String operator, Object operand) {
    if (COMPARISONS.contains(operator)) {
      return StoredValues.toStored(operand);
    }
    if (LIST_OPERATORS.contains(operator)) {
      if (!(operand instanceof JsonArray)) {
        throw new IllegalArgumentException(operator + " on '" + key + "' needs an array");
      }
      return StoredValues.toStored(operand);
    }
    return switch (operator) {
      case "$size" -> {
        if (!(operand instanceof Integer || operand instanceof Long) || ((Number) operand).longValue() < 0) {
          throw new IllegalArgumentException("$size on '" + key + "' needs a non-negative integer");
        }
        yield ((Number) operand).intValue();
      }
      case "$exists" -> {
        if (!(operand instanceof Boolean)) {
          throw new IllegalArgumentException("$exists on '" + key + "' needs true or false");
        }
        yield operand;
      }
      case "$regex", "$options" -> {
        if (!(operand instanceof String)) {
          throw new IllegalArgumentException(operator + " on '" + key + "' needs a string");
        }
        yield operand;
      }
      default -> throw new IllegalArgumentException("unsupported operator " + operator);
    };
  }

  /** Refuses patterns the store would choke on, with a clear message instead of a store error. */
  private static void checkRegex(String key, String regex, String options) {
    if (!REGEX_OPTIONS.matcher(options).matches()) {
      throw new IllegalArgumentException("$options on '" + key + "' may only contain i, m, x, s");
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("$regex on '" + key + "' is not a valid pattern");
    }
  }

  private static ServiceErrors.ProtocolException failed(String detail) {
    return ServiceErrors.error(ErrorCode.CONVERSATION_QUERY_FAILED, detail);
  }
}
