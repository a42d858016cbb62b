package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The root Dockerfile against the repository and the manifests: it builds any service module chosen by
 * {@code ARG SERVICE}, from sources that exist, into a non-root image that runs {@code /app/app.jar} with
 * container-aware JVM flags; its per-service stages expose exactly the ports the pods declare; its user and
 * working directory are the pods' user and writable volume.
 */
final class DockerfileChecks {

  static final String SERVICE_ARG = "SERVICE";
  static final String ENTRYPOINT = "[\"/bin/sh\", \"-c\", \"exec java $JAVA_OPTS -jar /app/app.jar\"]";
  /** The JVM flags Hazelcast needs on Java 17 (docs/stack.md) and the container heap sizing. */
  static final List<String> REQUIRED_JAVA_OPTS = List.of("-XX:MaxRAMPercentage=",
    "--add-exports java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens java.base/java.lang=ALL-UNNAMED",
    "--add-opens java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens java.management/sun.management=ALL-UNNAMED",
    "--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private DockerfileChecks() {
  }

  static List<String> all(Dockerfile dockerfile, Resources resources, Path repoRoot) {
    List<String> problems = new ArrayList<>();
    problems.addAll(buildStageBuildsAnyService(dockerfile, repoRoot));
    problems.addAll(runtimeStageRunsTheJar(dockerfile));
    problems.addAll(serviceStagesMatchTheWorkloads(dockerfile, resources, repoRoot));
    problems.addAll(podsRunAsTheImageUser(dockerfile, resources));
    return problems;
  }

  static List<String> buildStageBuildsAnyService(Dockerfile dockerfile, Path repoRoot) {
    List<String> problems = new ArrayList<>();
    if (!dockerfile.globalArgs().containsKey(SERVICE_ARG)) {
      problems.add("Dockerfile: needs a global ARG " + SERVICE_ARG + " (before the first FROM)");
    }
    if (!Set.of("${SERVICE}", "$SERVICE").contains(dockerfile.finalStage().base())) {
      problems.add("Dockerfile: the last stage must be FROM ${SERVICE}, the stage of the chosen service");
    }
    Optional<Dockerfile.Stage> build = dockerfile.stage("build");
    if (build.isEmpty()) {
      return append(problems, "Dockerfile: needs a stage named build");
    }
    String run = build.get().all("RUN").stream().map(Dockerfile.Instruction::arguments)
      .collect(Collectors.joining("\n"));
    Set<String> copied = new TreeSet<>();
    for (Dockerfile.Instruction copy : build.get().all("COPY")) {
      List<String> parts = List.of(copy.arguments().split("\\s+"));
      for (String source : parts.subList(0, parts.size() - 1)) {
        if (source.startsWith("--")) {
          continue;
        }
        copied.add(source.replaceAll("/$", ""));
        if (!Files.exists(repoRoot.resolve(source))) {
          problems.add("Dockerfile line " + copy.line() + ": COPY source " + source + " does not exist");
        }
      }
    }
    // The whole context is there when it is bind-mounted (no source= or from=) for the build, or copied as ".".
    boolean wholeContext = copied.contains(".") || run.matches("(?s).*--mount=type=bind,target=/src,rw\\b.*");
    List<String> needed = new ArrayList<>(List.of("mvnw", "pom.xml", ".mvn"));
    needed.addAll(Pom.read(repoRoot.resolve("pom.xml")).modules());
    needed.stream().filter(path -> !wholeContext && !copied.contains(path)).forEach(path -> problems.add(
      "Dockerfile: the build stage must COPY or mount " + path + " (Maven reads every module the parent POM lists)"));
    needed.stream().filter(path -> !Files.exists(repoRoot.resolve(path)))
      .forEach(path -> problems.add("Dockerfile: the build needs " + path + ", which does not exist"));
    if (!run.contains("./mvnw") || !run.contains("-pl \"${SERVICE}\"") || !run.contains("-am")) {
      problems.add("Dockerfile: the build stage must run ./mvnw -pl \"${SERVICE}\" -am");
    }
    if (!run.contains("\"${SERVICE}/target/lcim-${SERVICE}.jar\"")) {
      problems.add("Dockerfile: the build stage must take the jar from ${SERVICE}/target/lcim-${SERVICE}.jar");
    }
    return problems;
  }

  static List<String> runtimeStageRunsTheJar(Dockerfile dockerfile) {
    List<String> problems = new ArrayList<>();
    Optional<Dockerfile.Stage> runtime = dockerfile.stage("runtime");
    if (runtime.isEmpty()) {
      return append(problems, "Dockerfile: needs a stage named runtime");
    }
    boolean copiesJar = runtime.get().all("COPY").stream()
      .anyMatch(copy -> copy.arguments().startsWith("--from=build ") && copy.arguments().endsWith(" /app/app.jar"));
    if (!copiesJar) {
      problems.add("Dockerfile: the runtime stage must COPY --from=build the jar to /app/app.jar");
    }
    if (!runtime.get().last("ENTRYPOINT").map(Dockerfile.Instruction::arguments).orElse("").equals(ENTRYPOINT)) {
      problems.add("Dockerfile: ENTRYPOINT must be " + ENTRYPOINT + " (exec, so java gets SIGTERM itself)");
    }
    String javaOpts = runtime.get().env().getOrDefault("JAVA_OPTS", "");
    REQUIRED_JAVA_OPTS.stream().filter(flag -> !javaOpts.contains(flag))
      .forEach(flag -> problems.add("Dockerfile: JAVA_OPTS lacks " + flag));
    if (user(dockerfile).isEmpty()) {
      problems.add("Dockerfile: the runtime stage must end with USER <uid>:<gid>, numeric and not 0");
    }
    return problems;
  }

  /** One stage per service workload, named like it, based on runtime, exposing exactly its container ports. */
  static List<String> serviceStagesMatchTheWorkloads(Dockerfile dockerfile, Resources resources, Path repoRoot) {
    List<String> problems = new ArrayList<>();
    Map<String, Dockerfile.Stage> stages = dockerfile.stages().stream()
      .filter(stage -> "runtime".equals(stage.base()) && stage.name() != null)
      .collect(Collectors.toMap(Dockerfile.Stage::name, stage -> stage));
    Set<String> workloads = resources.lcimServices().stream().map(Resources.Workload::name)
      .collect(Collectors.toCollection(TreeSet::new));
    if (!new TreeSet<>(stages.keySet()).equals(workloads)) {
      problems.add("Dockerfile: service stages " + new TreeSet<>(stages.keySet()) + " differ from the service "
        + "workloads " + workloads);
    }
    for (Resources.Workload workload : resources.lcimServices()) {
      Dockerfile.Stage stage = stages.get(workload.name());
      Path pomFile = repoRoot.resolve(workload.name()).resolve("pom.xml");
      if (!Files.isRegularFile(pomFile)) {
        problems.add(workload + ": no module " + workload.name() + " to build the image from");
        continue;
      }
      Pom pom = Pom.read(pomFile);
      String jar = "lcim-" + workload.name() + ".jar";
      if (!pom.artifactId().equals("lcim-" + workload.name())) {
        problems.add(workload + ": module artifactId " + pom.artifactId() + " is not lcim-" + workload.name());
      }
      // Only checkable once the module builds a runnable (shaded) jar; until then the image cannot be built anyway.
      if (pom.shaded() && !pom.runnableJarName().equals(jar)) {
        problems.add(workload + ": the module builds " + pom.runnableJarName() + ", the Dockerfile copies " + jar);
      }
      Container container = LcimServiceChecks.mainContainer(workload);
      ImageReference image = ImageReference.parse(container.getImage());
      if (!image.shortName().equals(workload.name())) {
        problems.add(workload + ": image " + container.getImage() + " is not the " + workload.name() + " image");
      }
      if (stage == null) {
        continue;
      }
      Set<Integer> exposed = new TreeSet<>(stage.exposedPorts());
      Set<Integer> declared = Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of()).stream()
        .map(ContainerPort::getContainerPort).collect(Collectors.toCollection(TreeSet::new));
      if (!exposed.equals(declared)) {
        problems.add("Dockerfile stage " + stage.name() + ": EXPOSE " + exposed + " differs from the container "
          + "ports " + declared);
      }
    }
    return problems;
  }

  /** Pods run as the image's user, with a writable volume at its working directory. */
  static List<String> podsRunAsTheImageUser(Dockerfile dockerfile, Resources resources) {
    List<String> problems = new ArrayList<>();
    Optional<long[]> user = user(dockerfile);
    String workdir = dockerfile.stage("runtime").flatMap(stage -> stage.last("WORKDIR"))
      .map(Dockerfile.Instruction::arguments).orElse(null);
    for (Resources.Workload workload : resources.lcimServices()) {
      PodSecurityContext security = Optional.ofNullable(workload.pod().getSecurityContext())
        .orElse(new PodSecurityContext());
      if (user.isPresent() && (!Objects.equals(security.getRunAsUser(), user.get()[0])
        || !Objects.equals(security.getRunAsGroup(), user.get()[1]))) {
        problems.add(workload + ": runs as " + security.getRunAsUser() + ":" + security.getRunAsGroup()
          + ", the image's USER is " + user.get()[0] + ":" + user.get()[1]);
      }
      if (workdir == null || !PodChecks.mountsAt(LcimServiceChecks.mainContainer(workload), workdir)) {
        problems.add(workload + ": needs a writable volume at the image's WORKDIR " + workdir);
      }
    }
    return problems;
  }

  private static Optional<long[]> user(Dockerfile dockerfile) {
    return dockerfile.stage("runtime").flatMap(stage -> stage.last("USER"))
      .map(Dockerfile.Instruction::arguments)
      .filter(user -> user.matches("[1-9]\\d*:[1-9]\\d*"))
      .map(user -> new long[]{Long.parseLong(user.split(":")[0]), Long.parseLong(user.split(":")[1])});
  }

  private static List<String> append(List<String> problems, String problem) {
    problems.add(problem);
    return problems;
  }
}
