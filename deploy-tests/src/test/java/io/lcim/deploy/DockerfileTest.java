package io.lcim.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile reader, and the Dockerfile rules catching realistic mistakes (they pass in ManifestConsistencyTest).
 */
class DockerfileTest {

  @Test
  void readsStagesArgumentsContinuationsAndEnv() {
    Dockerfile dockerfile = Dockerfile.parse("""
      # syntax=docker/dockerfile:1
      ARG SERVICE=gateway
      FROM base:1 AS build
      RUN echo one \\
       && echo two
      FROM runtime-image AS runtime
      ENV JAVA_OPTS="-Xa \\
      -Xb" OTHER=plain
      EXPOSE 8080 9100/tcp
      FROM ${SERVICE}
      """);

    assertThat(dockerfile.globalArgs()).containsEntry("SERVICE", "gateway");
    assertThat(dockerfile.stages()).extracting(Dockerfile.Stage::name).containsExactly("build", "runtime", null);
    assertThat(dockerfile.stage("build").orElseThrow().all("RUN").get(0).arguments())
      .isEqualTo("echo one  && echo two");
    Dockerfile.Stage runtime = dockerfile.stage("runtime").orElseThrow();
    assertThat(runtime.env()).containsEntry("JAVA_OPTS", "-Xa -Xb").containsEntry("OTHER", "plain");
    assertThat(runtime.exposedPorts()).containsExactly(8080, 9100);
    assertThat(dockerfile.finalStage().base()).isEqualTo("${SERVICE}");
  }

  @Test
  void aShellFormEntrypointThatWouldSwallowSigterm() throws IOException {
    List<String> problems = checkVariant("ENTRYPOINT [\"/bin/sh\", \"-c\", \"exec java $JAVA_OPTS -jar /app/app.jar\"]",
      "ENTRYPOINT java $JAVA_OPTS -jar /app/app.jar");

    assertThat(problems).anyMatch(p -> p.contains("ENTRYPOINT"));
  }

  @Test
  void aMissingHazelcastFlag() throws IOException {
    List<String> problems = checkVariant("--add-opens java.base/sun.nio.ch=ALL-UNNAMED \\\n", "");

    assertThat(problems).anyMatch(p -> p.contains("JAVA_OPTS lacks --add-opens java.base/sun.nio.ch"));
  }

  @Test
  void aNamedUserKubernetesCannotVerifyAsNonRoot() throws IOException {
    List<String> problems = checkVariant("USER 10001:10001", "USER lcim");

    assertThat(problems).anyMatch(p -> p.contains("USER"));
  }

  @Test
  void aServiceStageExposingTheWrongPorts() throws IOException {
    List<String> problems = checkVariant("EXPOSE 8082 9100 5701", "EXPOSE 8081 9100 5701");

    assertThat(problems).anyMatch(p -> p.contains("stage message-service: EXPOSE"));
  }

  @Test
  void aJarPathThatIsNotTheModulesJar() throws IOException {
    List<String> problems = checkVariant("cp \"${SERVICE}/target/lcim-${SERVICE}.jar\"",
      "cp \"${SERVICE}/target/app.jar\"");

    assertThat(problems).anyMatch(p -> p.contains("lcim-${SERVICE}.jar"));
  }

  @Test
  void aBuildThatNoLongerSeesEveryModule() throws IOException {
    List<String> problems = checkVariant("RUN --mount=type=bind,target=/src,rw \\", "COPY gateway/ gateway/\nRUN \\");

    assertThat(problems).anyMatch(p -> p.contains("must COPY or mount common"));
  }

  private static List<String> checkVariant(String original, String replacement) throws IOException {
    String text = Files.readString(RepoPaths.dockerfile());
    assertThat(text).contains(original);
    Dockerfile variant = Dockerfile.parse(text.replace(original, replacement));
    return DockerfileChecks.all(variant, Fixtures.resources(RepoPaths.k8s().resolve("overlays/example")),
      RepoPaths.root());
  }
}
