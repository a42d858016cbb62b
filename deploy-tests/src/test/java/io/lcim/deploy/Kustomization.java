package io.lcim.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The part of kustomize's kustomization.yaml our manifests use. Parsing is strict: a field not modelled here fails,
 * so using a new kustomize feature means teaching {@link Kustomize} about it first.
 */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources, List<Image> images,
                     List<Patch> patches, List<SecretGenerator> secretGenerator) {

  static final String FILE_NAME = "kustomization.yaml";

  private static final YAMLMapper YAML = strictYaml();

  Kustomization {
    resources = Objects.requireNonNullElse(resources, List.of());
    images = Objects.requireNonNullElse(images, List.of());
    patches = Objects.requireNonNullElse(patches, List.of());
    secretGenerator = Objects.requireNonNullElse(secretGenerator, List.of());
  }

  /** {@code images:} entry: containers whose image name is {@code name} get {@code newName} and/or {@code newTag}. */
  record Image(String name, String newName, String newTag) {
  }

  /** {@code patches:} entry: a strategic-merge patch file naming its target by kind and name. */
  record Patch(String path) {
  }

  /** {@code secretGenerator:} entry, from env files and/or literals. */
  record SecretGenerator(String name, String type, List<String> envs, List<String> literals) {
    SecretGenerator {
      envs = Objects.requireNonNullElse(envs, List.of());
      literals = Objects.requireNonNullElse(literals, List.of());
    }
  }

  static Kustomization read(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    Kustomization kustomization;
    try {
      kustomization = YAML.readValue(file.toFile(), Kustomization.class);
    } catch (IOException e) {
      throw new ManifestException(file + ": " + e.getMessage(), e);
    }
    if (!"kustomize.config.k8s.io/v1beta1".equals(kustomization.apiVersion())
      || !"Kustomization".equals(kustomization.kind())) {
      throw new ManifestException(file + ": expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization");
    }
    return kustomization;
  }

  private static YAMLMapper strictYaml() {
    YAMLMapper mapper = YAMLMapper.builder(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();
    // An unquoted version such as newTag: 1.10 would otherwise silently become "1.1".
    mapper.coercionConfigFor(LogicalType.Textual)
      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }
}
