package io.lcim.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every deployable overlay, rendered, passes every consistency rule (each check class documents its rules). */
class ManifestConsistencyTest {

  static List<Path> overlays() {
    return Fixtures.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void resourcesReferToEachOtherCorrectly(Path overlay) {
    assertThat(WiringChecks.all(Fixtures.resources(overlay))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void podsAreLimitedHardenedPinnedAndProbed(Path overlay) {
    assertThat(PodChecks.all(Fixtures.resources(overlay))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void servicesAreObservableDrainAndFindEachOther(Path overlay) {
    assertThat(LcimServiceChecks.all(Fixtures.resources(overlay))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void scalingAndDisruptionBudgetsAreSound(Path overlay) {
    assertThat(ScalingChecks.all(Fixtures.resources(overlay))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void storesAreWhereTheUrisSay(Path overlay) {
    assertThat(StoreChecks.all(Fixtures.resources(overlay))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void ingressRoutesAndProxySettingsFitTheServices(Path overlay) {
    assertThat(IngressChecks.all(Fixtures.resources(overlay))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyConfigKeyTheCodeReadsIsSetAndPortsAgree(Path overlay) {
    assertThat(ServiceConfigChecks.all(Fixtures.resources(overlay), ServiceConfigChecks::readsOf)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theDockerfileBuildsTheImagesThePodsRun(Path overlay) {
    assertThat(DockerfileChecks.all(Dockerfile.read(RepoPaths.dockerfile()), Fixtures.resources(overlay),
      RepoPaths.root())).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theRulesHaveSomethingToCheck(Path overlay) {
    Resources resources = Fixtures.resources(overlay);

    assertThat(resources.lcimServices()).extracting(Resources.Workload::name)
      .containsExactlyInAnyOrder("gateway", "conversation-service", "message-service", "media-service");
  }
}
