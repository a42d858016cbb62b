package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every manifest under k8s/ parses strictly into the Kubernetes model; the strictness itself is proven below. */
class StrictParsingTest {

  private static final String DEPLOYMENT = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: probe
    spec:
      selector:
        matchLabels:
          app: probe
      template:
        metadata:
          labels:
            app: probe
        spec:
          containers:
            - name: probe
              image: example/probe:1
              %s
    """;

  static Stream<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.walk(RepoPaths.k8s())) {
      return files.filter(Files::isRegularFile)
        .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
        .filter(file -> !file.getFileName().toString().equals(Kustomization.FILE_NAME))
        .sorted()
        .toList()
        .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("manifestFiles")
  void everyManifestParsesStrictly(Path file) {
    List<HasMetadata> resources = StrictManifests.parseFile(file);

    assertThat(resources).as("resources in " + file).isNotEmpty();
    assertThat(resources).allSatisfy(resource -> assertThat(resource.getMetadata().getName()).isNotBlank());
  }

  @Test
  void thereAreManifestsToCheck() throws IOException {
    assertThat(manifestFiles()).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void aWellFormedManifestIsAccepted() {
    List<HasMetadata> resources = StrictManifests.parse(DEPLOYMENT.formatted("imagePullPolicy: IfNotPresent"),
      "inline");

    assertThat(resources).singleElement().isInstanceOf(Deployment.class);
  }

  @Test
  void aMisspelledFieldIsRejected() {
    assertThatThrownBy(() -> StrictManifests.parse(DEPLOYMENT.formatted("imagePullPolicyy: IfNotPresent"), "inline"))
      .isInstanceOf(ManifestException.class)
      .hasMessageContaining("unknown fields")
      .hasMessageContaining("imagePullPolicyy");
  }

  @Test
  void aMisspelledFieldDeepInsideAListIsRejected() {
    String yaml = DEPLOYMENT.formatted("""
      ports:
                  - name: http
                    containerPortt: 8080""");

    assertThatThrownBy(() -> StrictManifests.parse(yaml, "inline"))
      .isInstanceOf(ManifestException.class)
      .hasMessageContaining("containerPortt");
  }

  @Test
  void anUnquotedNumberWhereTheApiWantsAStringIsRejected() {
    String yaml = DEPLOYMENT.formatted("""
      env:
                  - name: IM_PORT
                    value: 8080""");

    assertThatThrownBy(() -> StrictManifests.parse(yaml, "inline")).isInstanceOf(ManifestException.class);
  }

  @Test
  void aQuotedNumberWhereTheApiWantsAnIntegerIsRejected() {
    String yaml = DEPLOYMENT.formatted("""
      ports:
                  - containerPort: "8080\"""");

    assertThatThrownBy(() -> StrictManifests.parse(yaml, "inline")).isInstanceOf(ManifestException.class);
  }

  @Test
  void aDuplicateKeyIsRejected() {
    String yaml = DEPLOYMENT.formatted("""
      image: example/other:2""");

    assertThatThrownBy(() -> StrictManifests.parse(yaml, "inline"))
      .isInstanceOf(ManifestException.class)
      .hasMessageContaining("image");
  }

  @Test
  void anUnknownKindIsRejected() {
    assertThatThrownBy(() -> StrictManifests.parse("apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n",
      "inline"))
      .isInstanceOf(ManifestException.class)
      .hasMessageContaining("unknown kind");
  }

  @Test
  void anApiVersionKubernetesNoLongerServesIsRejected() {
    String yaml = """
      apiVersion: policy/v1beta1
      kind: PodDisruptionBudget
      metadata:
        name: old
      spec:
        maxUnavailable: 1
      """;

    assertThatThrownBy(() -> StrictManifests.parse(yaml, "inline"))
      .isInstanceOf(ManifestException.class)
      .hasMessageContaining("policy/v1beta1");
  }
}
