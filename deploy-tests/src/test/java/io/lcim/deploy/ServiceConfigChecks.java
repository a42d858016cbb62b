package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration each service's code reads (found by {@link ConfigKeyScanner} in its module and in common)
 * against what its pods get.
 *
 * <p>The rule: every key a service reads is set for its pods, so the values in force are visible in the
 * manifests, even where they equal the code's default. A key may be left unset only if it is listed in
 * {@link #MAY_BE_UNSET} with the reason. Conversely, a variable set for a service must be one it reads (else it
 * is a typo or a leftover), except {@link #NOT_CONFIG} (helpers for Kubernetes itself).
 * Ports: the variables named {@code *_PORT} are the ports the process listens on, so their values are exactly
 * the container's ports, and they equal the code's defaults (documentation, local runs and the Ingress routes
 * assume those). A default of 0 means "no server" or "any free port" in the code, so there the deployment must
 * choose a fixed port instead.
 */
final class ServiceConfigChecks {

  /** Keys the services read that pods may leave unset, with the reason. */
  static final Map<String, String> MAY_BE_UNSET = Map.of(
    "CLUSTER_MEMBERS", "TCP-IP member list for runs outside Kubernetes; unused once CLUSTER_K8S_SERVICE_DNS is set");

  /** Variables set for Kubernetes' own use, not read by the services. */
  static final Map<String, String> NOT_CONFIG = Map.of(
    "POD_NAMESPACE", "the downward API's namespace, composing CLUSTER_K8S_SERVICE_DNS through $(POD_NAMESPACE)");

  private ServiceConfigChecks() {
  }

  /** The keys a module reads: its own sources and common's. */
  static Map<String, List<ConfigKeyScanner.ConfigRead>> readsOf(String module) {
    Path root = RepoPaths.root();
    return ConfigKeyScanner.scan(List.of(root.resolve(module).resolve("src/main/java"),
      root.resolve("common/src/main/java")));
  }

  static List<String> all(Resources resources,
                          Function<String, Map<String, List<ConfigKeyScanner.ConfigRead>>> readsOf) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.lcimServices()) {
      Map<String, List<ConfigKeyScanner.ConfigRead>> reads = readsOf.apply(workload.name());
      problems.addAll(everyKeyReadIsSet(resources, workload, reads));
      problems.addAll(everyKeySetIsRead(resources, workload, reads));
      problems.addAll(portsAgree(resources, workload, reads));
    }
    return problems;
  }

  static List<String> everyKeyReadIsSet(Resources resources, Resources.Workload workload,
                                        Map<String, List<ConfigKeyScanner.ConfigRead>> reads) {
    Set<String> set = environment(resources, workload).keySet();
    return reads.keySet().stream()
      .filter(key -> !set.contains(key) && !MAY_BE_UNSET.containsKey(key))
      .sorted()
      .map(key -> workload + ": reads " + key + " (" + reads.get(key).get(0).location() + ") but its pods do "
        + "not set it; set it, or list it in ServiceConfigChecks.MAY_BE_UNSET with the reason")
      .toList();
  }

  static List<String> everyKeySetIsRead(Resources resources, Resources.Workload workload,
                                        Map<String, List<ConfigKeyScanner.ConfigRead>> reads) {
    return environment(resources, workload).keySet().stream()
      .filter(key -> !reads.containsKey(key) && !NOT_CONFIG.containsKey(key))
      .sorted()
      .map(key -> workload + ": sets " + key + ", which " + workload.name() + " does not read (a typo?)")
      .toList();
  }

  static List<String> portsAgree(Resources resources, Resources.Workload workload,
                                 Map<String, List<ConfigKeyScanner.ConfigRead>> reads) {
    List<String> problems = new ArrayList<>();
    Container container = LcimServiceChecks.mainContainer(workload);
    Map<String, Resources.EnvValue> environment = environment(resources, workload);
    Set<Integer> containerPorts = Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of()).stream()
      .map(ContainerPort::getContainerPort)
      .collect(Collectors.toCollection(TreeSet::new));
    Set<Integer> portSettings = new TreeSet<>();
    environment.forEach((key, value) -> {
      if (!key.endsWith("_PORT")) {
        return;
      }
      Integer port = LcimServiceChecks.intValue(environment, key);
      if (port == null) {
        problems.add(workload + ": " + key + " is not a port number: " + value.value());
        return;
      }
      portSettings.add(port);
      if (port == 0) {
        problems.add(workload + ": " + key + " must be a fixed port, not 0");
      }
      for (ConfigKeyScanner.ConfigRead read : reads.getOrDefault(key, List.of())) {
        read.integerDefault().filter(def -> def != 0 && def.intValue() != port).ifPresent(def -> problems.add(
          workload + ": " + key + " is " + port + " but the code's default is " + def + " (" + read.location() + ")"));
      }
    });
    if (!portSettings.equals(containerPorts)) {
      problems.add(workload + ": container ports " + containerPorts + " differ from its *_PORT settings "
        + portSettings);
    }
    return problems;
  }

  private static Map<String, Resources.EnvValue> environment(Resources resources, Resources.Workload workload) {
    return resources.environment(workload, LcimServiceChecks.mainContainer(workload));
  }
}
