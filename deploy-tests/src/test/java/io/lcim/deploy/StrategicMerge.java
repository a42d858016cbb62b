package io.lcim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The subset of Kubernetes strategic-merge-patch semantics our overlays rely on: mappings merge recursively, a
 * null value deletes a key, lists whose items are all objects with a {@code name} merge item by item on that name
 * (containers, env, volumes, ports…), every other list is replaced whole. Patch directives ({@code $patch} and
 * friends) are not supported and fail loudly.
 */
final class StrategicMerge {

  private StrategicMerge() {
  }

  static ObjectNode merge(ObjectNode target, ObjectNode patch) {
    ObjectNode result = target.deepCopy();
    mergeInto(result, patch);
    return result;
  }

  private static void mergeInto(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.startsWith("$")) {
        throw new ManifestException("strategic-merge directive " + key + " is not supported by the test renderer");
      }
      JsonNode existing = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (existing instanceof ObjectNode existingObject && value instanceof ObjectNode patchObject) {
        mergeInto(existingObject, patchObject);
      } else if (existing instanceof ArrayNode existingArray && value instanceof ArrayNode patchArray
        && allNamed(existingArray) && allNamed(patchArray)) {
        mergeByName(existingArray, patchArray);
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static void mergeByName(ArrayNode target, ArrayNode patch) {
    for (JsonNode patchItem : patch) {
      String name = patchItem.get("name").asText();
      ObjectNode match = null;
      for (JsonNode targetItem : target) {
        if (targetItem.get("name").asText().equals(name)) {
          match = (ObjectNode) targetItem;
        }
      }
      if (match == null) {
        target.add(patchItem.deepCopy());
      } else {
        mergeInto(match, (ObjectNode) patchItem);
      }
    }
  }

  private static boolean allNamed(ArrayNode array) {
    if (array.isEmpty()) {
      return false;
    }
    for (JsonNode item : array) {
      if (!item.isObject() || !item.path("name").isTextual()) {
        return false;
      }
    }
    return true;
  }
}
