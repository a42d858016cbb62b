package io.lcim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@code kubectl} is installed, the test renderer's output equals real kustomize's ({@code kubectl
 * kustomize}, offline), apart from the content hash kustomize appends to generated Secret names. Elsewhere this is
 * skipped; the other tests do not depend on it.
 */
class RealKustomizeComparisonTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path copy;

  static List<Path> overlays() {
    return Fixtures.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theRendererAgreesWithKustomize(Path overlay) throws Exception {
    Assumptions.assumeTrue(kubectlAvailable(), "kubectl is not installed");
    copyTree(RepoPaths.k8s(), copy);
    Path copiedOverlay = copy.resolve(RepoPaths.k8s().relativize(overlay));
    for (Kustomization.SecretGenerator generator : Kustomization.read(copiedOverlay).secretGenerator()) {
      for (String env : generator.envs()) {
        Path envFile = copiedOverlay.resolve(env);
        if (!Files.exists(envFile)) {
          Files.copy(Kustomize.envFileOrExample(envFile), envFile);
        }
      }
    }
    String rendered = run("kubectl", "kustomize", copiedOverlay.toString());
    for (Kustomization.SecretGenerator generator : Kustomization.read(copiedOverlay).secretGenerator()) {
      rendered = rendered.replaceAll("\\b" + generator.name() + "-[a-z0-9]{10}\\b", generator.name());
    }

    Map<String, JsonNode> theirs = normalized(StrictManifests.parse(rendered, "kubectl kustomize " + overlay));
    Map<String, JsonNode> ours = normalized(Fixtures.rendering(overlay).resources());

    assertThat(ours.keySet()).isEqualTo(theirs.keySet());
    ours.forEach((id, resource) -> assertThat(resource).as(id).isEqualTo(theirs.get(id)));
  }

  /** Resources by kind/name, both sides through the same model and serializer. */
  private static Map<String, JsonNode> normalized(List<HasMetadata> resources) {
    Map<String, JsonNode> byId = new TreeMap<>();
    resources.forEach(r -> byId.put(r.getKind() + "/" + r.getMetadata().getName(), JSON.valueToTree(r)));
    return byId;
  }

  private static boolean kubectlAvailable() {
    try {
      return run("kubectl", "version", "--client").contains("Kustomize");
    } catch (Exception e) {
      return false;
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination);
        }
      }
    }
  }
}
