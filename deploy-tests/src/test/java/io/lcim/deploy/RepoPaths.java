package io.lcim.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's parts are, found from the test's working directory (the module or the repo root). */
final class RepoPaths {

  private RepoPaths() {
  }

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("Dockerfile"))
        && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no repository root (with k8s/, Dockerfile and pom.xml) above "
      + Path.of("").toAbsolutePath());
  }

  static Path k8s() {
    return root().resolve("k8s");
  }

  static Path dockerfile() {
    return root().resolve("Dockerfile");
  }
}
