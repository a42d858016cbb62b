package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The kustomize layout: everything listed exists, everything present is listed, overlays complete the base. */
class KustomizationTest {

  static List<Path> overlays() {
    return Fixtures.overlays();
  }

  @Test
  void thereIsAnExampleOverlay() {
    assertThat(Fixtures.overlays()).extracting(path -> path.getFileName().toString()).contains("example");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyOverlayRendersToResources(Path overlay) {
    List<HasMetadata> resources = Fixtures.rendering(overlay).resources();

    assertThat(resources).hasSizeGreaterThan(20);
    assertThat(resources).extracting(r -> r.getKind() + "/" + r.getMetadata().getName()).doesNotHaveDuplicates();
  }

  @Test
  void everyManifestAndEnvFileUnderK8sIsUsedByAnOverlay() throws IOException {
    Set<Path> read = new HashSet<>();
    Fixtures.overlays().forEach(overlay -> read.addAll(Fixtures.rendering(overlay).filesRead()));
    List<Path> unused;
    try (Stream<Path> files = Files.walk(RepoPaths.k8s())) {
      unused = files.filter(Files::isRegularFile)
        .map(file -> file.toAbsolutePath().normalize())
        .filter(file -> file.toString().matches(".*\\.(yaml|yml|env|env\\.example)$"))
        .filter(file -> !read.contains(file) && !read.contains(withoutExampleSuffix(file)))
        .toList();
    }

    assertThat(unused).as("files no overlay's kustomization lists").isEmpty();
  }

  @Test
  void theBaseShipsNoSecretAndLacksOnlyTheOneOverlaysProvide() {
    Resources base = new Resources(Kustomize.render(Fixtures.base()).resources());

    assertThat(base.ofType(Secret.class)).isEmpty();
    assertThat(WiringChecks.configReferencesExist(base))
      .isNotEmpty()
      .allSatisfy(problem -> assertThat(problem).contains("Secret lcim-app-keys, which does not exist"));
    for (Path overlay : Fixtures.overlays()) {
      assertThat(Fixtures.resources(overlay).named(Secret.class, "lcim-app-keys")).as(overlay.toString()).isPresent();
    }
  }

  @Test
  void baseImagesAreTaggedWithTheProjectVersion() {
    String version = Pom.read(RepoPaths.root().resolve("pom.xml")).version();
    Resources base = new Resources(Kustomize.render(Fixtures.base()).resources());

    assertThat(base.lcimServices()).isNotEmpty().allSatisfy(workload -> assertThat(
      ImageReference.parse(LcimServiceChecks.mainContainer(workload).getImage()).tag()).isEqualTo(version));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void overlayImageEntriesNameImagesTheBaseUses(Path overlay) {
    Set<String> baseImages = new HashSet<>();
    Resources base = new Resources(Kustomize.render(Fixtures.base()).resources());
    base.workloads().forEach(w -> w.allContainers().forEach(c -> baseImages.add(ImageReference.parse(c.getImage())
      .name())));

    // A misspelled name would silently leave the image unchanged.
    assertThat(Kustomization.read(overlay).images()).extracting(Kustomization.Image::name)
      .allSatisfy(name -> assertThat(baseImages).contains(name));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void secretEnvFilesAreKeptOutOfGit(Path overlay) throws IOException {
    Path gitignore = overlay.resolve(".gitignore");
    List<String> ignored = Files.isRegularFile(gitignore) ? Files.readAllLines(gitignore) : List.of();

    for (Kustomization.SecretGenerator generator : Kustomization.read(overlay).secretGenerator()) {
      assertThat(ignored).as("%s/.gitignore", overlay).containsAll(generator.envs());
      generator.envs().forEach(env -> assertThat(overlay.resolve(env + ".example")).as("example of " + env)
        .isRegularFile());
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void overlaysSetTheNamespaceSoGeneratedResourcesLandInIt(Path overlay) {
    String baseNamespace = Kustomization.read(Fixtures.base()).namespace();

    assertThat(Kustomization.read(overlay).namespace()).isEqualTo(baseNamespace);
    assertThat(Fixtures.resources(overlay).all()).filteredOn(r -> !r.getKind().equals("Namespace"))
      .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).as(r.getKind() + " " + r.getMetadata().getName())
        .isEqualTo(baseNamespace));
  }

  private static Path withoutExampleSuffix(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".example") ? file.resolveSibling(name.substring(0, name.length() - ".example".length()))
      : file;
  }
}
