package io.lcim.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses manifests the way the API server would accept them, not the lenient way model libraries do: duplicate
 * keys, unknown kinds, unknown fields (fabric8 quietly keeps those in {@code additionalProperties}, so they are
 * looked for in the whole object graph) and scalars of the wrong type (such as an unquoted number where the API
 * wants a string, which Jackson would otherwise coerce) all fail.
 */
final class StrictManifests {

  /** The API versions current Kubernetes serves for the kinds we use; beta or removed ones are rejected. */
  static final Set<String> SERVED_API_VERSIONS = Set.of("v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2",
    "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1");

  private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .build());
  private static final ObjectMapper MODEL_MAPPER = strictMapper();
  /**
   * Used only to map apiVersion/kind to model classes. Its own mapper is not used for parsing: the module fabric8
   * registers on it quietly converts mismatched scalars (a quoted "8080" for an integer port) instead of failing.
   */
  private static final KubernetesSerialization KINDS = new KubernetesSerialization();

  private StrictManifests() {
  }

  /** The non-empty YAML documents of a file; each must be a mapping. */
  static List<ObjectNode> readDocuments(Path file) {
    try {
      return readDocuments(Files.readString(file), RepoPaths.root().relativize(file.toAbsolutePath()).toString());
    } catch (IOException e) {
      throw new ManifestException("cannot read " + file, e);
    }
  }

  static List<ObjectNode> readDocuments(String yaml, String origin) {
    List<ObjectNode> documents = new ArrayList<>();
    try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      int index = 0;
      while (values.hasNextValue()) {
        JsonNode document = values.nextValue();
        index++;
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (!(document instanceof ObjectNode object)) {
          throw new ManifestException(origin + " document " + index + " is not a mapping");
        }
        documents.add(object);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ManifestException manifestException) {
        throw manifestException;
      }
      throw new ManifestException(origin + ": invalid YAML: " + e.getMessage(), e);
    }
    return documents;
  }

  /** Every resource of a file, strictly typed. */
  static List<HasMetadata> parseFile(Path file) {
    String origin = RepoPaths.root().relativize(file.toAbsolutePath()).toString();
    return readDocuments(file).stream().map(document -> toModel(document, origin)).toList();
  }

  static List<HasMetadata> parse(String yaml, String origin) {
    return readDocuments(yaml, origin).stream().map(document -> toModel(document, origin)).toList();
  }

  /** One document as its Kubernetes model class. */
  static HasMetadata toModel(ObjectNode document, String origin) {
    String apiVersion = document.path("apiVersion").asText("");
    String kind = document.path("kind").asText("");
    String where = origin + " (" + kind + " " + document.path("metadata").path("name").asText("?") + ")";
    if (!SERVED_API_VERSIONS.contains(apiVersion)) {
      throw new ManifestException(where + ": apiVersion '" + apiVersion + "' is not one that current Kubernetes "
        + "serves for our kinds " + SERVED_API_VERSIONS);
    }
    Class<? extends KubernetesResource> type = KINDS.getRegisteredKubernetesResource(apiVersion, kind);
    if (type == null || type == GenericKubernetesResource.class || !HasMetadata.class.isAssignableFrom(type)) {
      throw new ManifestException(where + ": unknown kind '" + kind + "' in " + apiVersion);
    }
    HasMetadata model;
    try {
      model = (HasMetadata) MODEL_MAPPER.treeToValue(document, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new ManifestException(where + ": " + e.getMessage(), e);
    }
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(model, kind, unknown);
    if (!unknown.isEmpty()) {
      throw new ManifestException(where + ": unknown fields " + unknown);
    }
    return model;
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper = JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();
    mapper.coercionConfigFor(LogicalType.Textual)
      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Integer)
      .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Boolean)
      .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /** Paths of everything the model kept as additionalProperties, i.e. fields it does not know. */
  private static void collectUnknownFields(Object value, String path, List<String> unknown) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + index++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, unknown));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    additionalProperties(value).keySet().forEach(key -> unknown.add(path + "." + key));
    BeanDescription bean = MODEL_MAPPER.getSerializationConfig()
      .introspect(MODEL_MAPPER.constructType(value.getClass()));
    for (BeanPropertyDefinition property : bean.findProperties()) {
      AnnotatedMember accessor = property.getAccessor();
      if (accessor != null && !"additionalProperties".equals(property.getName())) {
        collectUnknownFields(accessor.getValue(value), path + "." + property.getName(), unknown);
      }
    }
  }

  private static Map<?, ?> additionalProperties(Object model) {
    try {
      Method getter = model.getClass().getMethod("getAdditionalProperties");
      Object result = getter.invoke(model);
      return result instanceof Map<?, ?> map ? map : Map.of();
    } catch (NoSuchMethodException e) {
      return Map.of();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
