package io.lcim.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The kustomizations under k8s/, rendered once per test run (tests that mutate resources render their own). */
final class Fixtures {

  private static final Map<Path, Kustomize.Rendering> RENDERINGS = new ConcurrentHashMap<>();

  private Fixtures() {
  }

  static Path base() {
    return RepoPaths.k8s().resolve("base");
  }

  /** The deployable kustomizations: every folder under k8s/overlays. */
  static List<Path> overlays() {
    try (Stream<Path> dirs = Files.list(RepoPaths.k8s().resolve("overlays"))) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Kustomize.Rendering rendering(Path kustomization) {
    return RENDERINGS.computeIfAbsent(kustomization.toAbsolutePath().normalize(), Kustomize::render);
  }

  static Resources resources(Path kustomization) {
    return new Resources(rendering(kustomization).resources());
  }

  /** A fresh rendering of the example overlay, whose resources a test may change. */
  static Resources freshExample() {
    return new Resources(Kustomize.render(RepoPaths.k8s().resolve("overlays/example")).resources());
  }
}
