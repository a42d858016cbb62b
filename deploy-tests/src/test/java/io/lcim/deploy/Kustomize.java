package io.lcim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization offline, as far as our manifests need: resources (files and nested kustomizations),
 * secretGenerator, strategic-merge patches, images and namespace. Differences from kustomize, on purpose:
 * generated Secrets keep their plain name (kustomize adds a content hash and rewrites every reference to it, so
 * references resolve the same either way), and list merging in patches knows only lists of named objects
 * (merged by name); other lists are replaced, which is what kustomize does for lists without a merge key.
 */
final class Kustomize {

  /** Kinds that have no namespace. */
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
    "PersistentVolume", "StorageClass", "CustomResourceDefinition", "IngressClass", "PriorityClass");

  /** The rendered resources of a kustomization, and every file the rendering read. */
  record Rendering(List<HasMetadata> resources, Set<Path> filesRead) {
  }

  private final Set<Path> filesRead = new LinkedHashSet<>();

  private Kustomize() {
  }

  static Rendering render(Path directory) {
    Kustomize kustomize = new Kustomize();
    List<Document> documents = kustomize.build(directory.toAbsolutePath().normalize());
    List<HasMetadata> resources = documents.stream()
      .map(document -> StrictManifests.toModel(document.tree(), document.origin() + " as rendered from " + directory))
      .toList();
    return new Rendering(resources, Set.copyOf(kustomize.filesRead));
  }

  /** The env file a secretGenerator reads; an operator creates it from the committed {@code <name>.example}. */
  static Path envFileOrExample(Path envFile) {
    if (Files.isRegularFile(envFile)) {
      return envFile;
    }
    return envFile.resolveSibling(envFile.getFileName() + ".example");
  }

  /** A document being rendered, with the file it came from. */
  private record Document(ObjectNode tree, String origin) {
    String kind() {
      return tree.path("kind").asText();
    }

    String name() {
      return tree.path("metadata").path("name").asText();
    }
  }

  private List<Document> build(Path directory) {
    Path kustomizationFile = directory.resolve(Kustomization.FILE_NAME);
    if (!Files.isRegularFile(kustomizationFile)) {
      throw new ManifestException("no " + Kustomization.FILE_NAME + " in " + directory);
    }
    filesRead.add(kustomizationFile);
    Kustomization kustomization = Kustomization.read(directory);
    List<Document> documents = new ArrayList<>();
    for (String resource : kustomization.resources()) {
      Path path = directory.resolve(resource).normalize();
      if (Files.isDirectory(path)) {
        documents.addAll(build(path));
      } else if (Files.isRegularFile(path)) {
        documents.addAll(readFile(path));
      } else {
        throw new ManifestException(kustomizationFile + ": resource " + resource + " does not exist");
      }
    }
    for (Kustomization.SecretGenerator generator : kustomization.secretGenerator()) {
      documents.add(generateSecret(directory, generator));
    }
    for (Kustomization.Patch patch : kustomization.patches()) {
      applyPatch(directory.resolve(patch.path()).normalize(), documents);
    }
    for (Kustomization.Image image : kustomization.images()) {
      documents.forEach(document -> Images.rewrite(document.tree(), image));
    }
    if (kustomization.namespace() != null) {
      documents.stream()
        .filter(document -> !CLUSTER_SCOPED.contains(document.kind()))
        .forEach(document -> document.tree().withObjectProperty("metadata").put("namespace",
          kustomization.namespace()));
    }
    return documents;
  }

  private List<Document> readFile(Path file) {
    filesRead.add(file);
    String origin = RepoPaths.root().relativize(file).toString();
    return StrictManifests.readDocuments(file).stream().map(tree -> new Document(tree, origin)).toList();
  }

  private Document generateSecret(Path directory, Kustomization.SecretGenerator generator) {
    Map<String, String> data = new LinkedHashMap<>();
    for (String env : generator.envs()) {
      Path file = envFileOrExample(directory.resolve(env).normalize());
      filesRead.add(file);
      data.putAll(EnvFiles.read(file));
    }
    for (String literal : generator.literals()) {
      int equals = literal.indexOf('=');
      if (equals <= 0) {
        throw new ManifestException(directory + ": secretGenerator literal without KEY=: " + literal);
      }
      data.put(literal.substring(0, equals), literal.substring(equals + 1));
    }
    ObjectNode secret = JsonNodeFactory.instance.objectNode();
    secret.put("apiVersion", "v1").put("kind", "Secret");
    secret.putObject("metadata").put("name", generator.name());
    secret.put("type", generator.type() == null ? "Opaque" : generator.type());
    ObjectNode encoded = secret.putObject("data");
    data.forEach((key, value) -> encoded.put(key,
      Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return new Document(secret, RepoPaths.root().relativize(directory) + " secretGenerator " + generator.name());
  }

  private void applyPatch(Path patchFile, List<Document> documents) {
    for (Document patch : readFile(patchFile)) {
      List<Integer> targets = new ArrayList<>();
      for (int i = 0; i < documents.size(); i++) {
        if (documents.get(i).kind().equals(patch.kind()) && documents.get(i).name().equals(patch.name())) {
          targets.add(i);
        }
      }
      if (targets.size() != 1) {
        throw new ManifestException(patchFile + ": patch for " + patch.kind() + " " + patch.name() + " matches "
          + targets.size() + " resources instead of one");
      }
      Document target = documents.get(targets.get(0));
      documents.set(targets.get(0), new Document(StrategicMerge.merge(target.tree(), patch.tree()),
        target.origin() + " patched by " + patch.origin()));
    }
  }

  /** KEY=VALUE lines of a kustomize env file; blank lines and # comments are skipped. */
  static final class EnvFiles {
    private EnvFiles() {
    }

    static Map<String, String> read(Path file) {
      Map<String, String> values = new LinkedHashMap<>();
      try {
        for (String line : Files.readAllLines(file)) {
          String trimmed = line.strip();
          if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            continue;
          }
          int equals = trimmed.indexOf('=');
          if (equals <= 0) {
            throw new ManifestException(file + ": not KEY=VALUE: " + line);
          }
          values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
      } catch (IOException e) {
        throw new ManifestException("cannot read " + file, e);
      }
      return values;
    }
  }

  /** kustomize's images transformer on the containers of any pod template in a document. */
  static final class Images {
    private Images() {
    }

    static void rewrite(JsonNode node, Kustomization.Image image) {
      if (node.isObject()) {
        for (String containerList : List.of("containers", "initContainers")) {
          JsonNode containers = node.get(containerList);
          if (containers != null && containers.isArray()) {
            containers.forEach(container -> rewriteContainer((ObjectNode) container, image));
          }
        }
        node.forEach(child -> rewrite(child, image));
      } else if (node.isArray()) {
        node.forEach(child -> rewrite(child, image));
      }
    }

    private static void rewriteContainer(ObjectNode container, Kustomization.Image image) {
      ImageReference reference = ImageReference.parse(container.path("image").asText());
      if (!reference.name().equals(image.name())) {
        return;
      }
      String name = image.newName() == null ? reference.name() : image.newName();
      String tag = image.newTag() == null ? reference.tag() : image.newTag();
      container.put("image", tag == null ? name : name + ":" + tag);
    }
  }
}
