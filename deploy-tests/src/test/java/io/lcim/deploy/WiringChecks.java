package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Do the resources point at each other correctly? Selectors select, ports named in probes, Services and Ingresses
 * exist, every ConfigMap/Secret (and key) referenced exists, {@code $(VAR)} references resolve. Each check returns
 * its problems as sentences; an empty list means it holds.
 */
final class WiringChecks {

  private WiringChecks() {
  }

  static List<String> all(Resources resources) {
    List<String> problems = new ArrayList<>();
    problems.addAll(selectorsSelect(resources));
    problems.addAll(probePortsExist(resources));
    problems.addAll(servicePortsReachContainers(resources));
    problems.addAll(ingressBackendsExist(resources));
    problems.addAll(configReferencesExist(resources));
    problems.addAll(variableReferencesResolve(resources));
    return problems;
  }

  /** Workload selectors match their own pods; Services, PDBs and NetworkPolicies select some workload. */
  static List<String> selectorsSelect(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      if (workload.selector() != null
        && !Resources.Selectors.matches(workload.selector(), workload.podLabels())) {
        problems.add(workload + ": selector " + workload.selector().getMatchLabels() + " does not match its pod labels "
          + workload.podLabels());
      }
      Optional.ofNullable(workload.pod().getTopologySpreadConstraints()).orElse(List.of()).forEach(constraint -> {
        if (!Resources.Selectors.matches(constraint.getLabelSelector(), workload.podLabels())) {
          problems.add(workload + ": topologySpreadConstraint selector does not match its own pods");
        }
      });
    }
    for (Service service : resources.ofType(Service.class)) {
      Map<String, String> selector = service.getSpec().getSelector();
      if (selector != null && !selector.isEmpty() && resources.selectedBy(selector).isEmpty()) {
        problems.add("Service " + name(service) + ": selector " + selector + " matches no workload");
      }
    }
    for (PodDisruptionBudget budget : resources.ofType(PodDisruptionBudget.class)) {
      int selected = resources.selectedBy(budget.getSpec().getSelector()).size();
      if (selected != 1) {
        problems.add("PodDisruptionBudget " + name(budget) + ": selects " + selected + " workloads instead of one");
      }
    }
    for (NetworkPolicy policy : resources.ofType(NetworkPolicy.class)) {
      if (resources.selectedBy(policy.getSpec().getPodSelector()).isEmpty()) {
        problems.add("NetworkPolicy " + name(policy) + ": podSelector matches no workload");
      }
    }
    return problems;
  }

  /** httpGet/tcpSocket probe ports are ports of the container (by name or number). */
  static List<String> probePortsExist(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      for (Container container : workload.allContainers()) {
        Stream.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())
          .filter(Objects::nonNull)
          .map(WiringChecks::probePort)
          .filter(Objects::nonNull)
          .filter(port -> containerPort(container, port).isEmpty())
          .forEach(port -> problems.add(workload + " container " + container.getName() + ": probe port "
            + port.getValue() + " is not one of its ports"));
      }
    }
    return problems;
  }

  /** Each Service port's targetPort is a port of every pod the Service selects. */
  static List<String> servicePortsReachContainers(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Service service : resources.ofType(Service.class)) {
      Map<String, String> selector = service.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        continue;
      }
      for (ServicePort port : service.getSpec().getPorts()) {
        IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
        for (Resources.Workload workload : resources.selectedBy(selector)) {
          boolean found = workload.pod().getContainers().stream()
            .anyMatch(container -> containerPort(container, target).isPresent());
          if (!found) {
            problems.add("Service " + name(service) + " port " + port.getName() + ": target " + target.getValue()
              + " is not a port of " + workload);
          }
        }
      }
    }
    return problems;
  }

  /** Ingress backends name existing Services and ports of them. */
  static List<String> ingressBackendsExist(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Ingress ingress : resources.ofType(Ingress.class)) {
      for (IngressRule rule : ingress.getSpec().getRules()) {
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          IngressServiceBackend backend = path.getBackend().getService();
          Optional<Service> service = resources.named(Service.class, backend.getName());
          if (service.isEmpty()) {
            problems.add("Ingress " + name(ingress) + " path " + path.getPath() + ": no Service " + backend.getName());
            continue;
          }
          boolean portExists = service.get().getSpec().getPorts().stream().anyMatch(port ->
            backend.getPort().getName() != null ? backend.getPort().getName().equals(port.getName())
              : Objects.equals(backend.getPort().getNumber(), port.getPort()));
          if (!portExists) {
            problems.add("Ingress " + name(ingress) + " path " + path.getPath() + ": Service " + backend.getName()
              + " has no port " + backend.getPort());
          }
        }
      }
    }
    return problems;
  }

  /** ConfigMaps and Secrets referenced by envFrom, env and volumes exist, and so do the keys referenced. */
  static List<String> configReferencesExist(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      for (Container container : workload.allContainers()) {
        String where = workload + " container " + container.getName();
        for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
          if (from.getConfigMapRef() != null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
            requireKey(resources, ConfigMap.class, from.getConfigMapRef().getName(), null, where, problems);
          }
          if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
            requireKey(resources, Secret.class, from.getSecretRef().getName(), null, where, problems);
          }
        }
        for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
          if (env.getValueFrom() == null) {
            continue;
          }
          var configMapKey = env.getValueFrom().getConfigMapKeyRef();
          if (configMapKey != null && !Boolean.TRUE.equals(configMapKey.getOptional())) {
            requireKey(resources, ConfigMap.class, configMapKey.getName(), configMapKey.getKey(), where, problems);
          }
          var secretKey = env.getValueFrom().getSecretKeyRef();
          if (secretKey != null && !Boolean.TRUE.equals(secretKey.getOptional())) {
            requireKey(resources, Secret.class, secretKey.getName(), secretKey.getKey(), where, problems);
          }
        }
      }
      for (Volume volume : Objects.requireNonNullElse(workload.pod().getVolumes(), List.<Volume>of())) {
        if (volume.getConfigMap() != null) {
          requireKey(resources, ConfigMap.class, volume.getConfigMap().getName(), null, workload.toString(), problems);
        }
        if (volume.getSecret() != null) {
          requireKey(resources, Secret.class, volume.getSecret().getSecretName(), null, workload.toString(), problems);
        }
      }
    }
    return problems;
  }

  /** {@code $(VAR)} in an env value refers to a variable defined before it (else Kubernetes leaves it verbatim). */
  static List<String> variableReferencesResolve(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      for (Container container : workload.allContainers()) {
        Set<String> defined = new HashSet<>();
        for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
          if (from.getConfigMapRef() != null) {
            resources.named(ConfigMap.class, from.getConfigMapRef().getName())
              .ifPresent(map -> defined.addAll(Resources.configMapData(map).keySet()));
          }
        }
        for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
          for (String reference : Resources.variableReferences(env.getValue())) {
            if (!defined.contains(reference)) {
              problems.add(workload + " container " + container.getName() + ": " + env.getName() + " refers to $("
                + reference + "), which is not defined before it");
            }
          }
          defined.add(env.getName());
        }
      }
    }
    return problems;
  }

  /** The container port a probe or Service target names: by name for strings, by number otherwise. */
  static Optional<ContainerPort> containerPort(Container container, IntOrString port) {
    return Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of()).stream()
      .filter(candidate -> port.getValue() instanceof String name ? name.equals(candidate.getName())
        : Objects.equals(port.getValue(), candidate.getContainerPort()))
      .findFirst();
  }

  static IntOrString probePort(Probe probe) {
    if (probe.getHttpGet() != null) {
      return probe.getHttpGet().getPort();
    }
    if (probe.getTcpSocket() != null) {
      return probe.getTcpSocket().getPort();
    }
    return null;
  }

  static String name(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    return resource.getMetadata().getName();
  }

  private static void requireKey(Resources resources, Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type,
                                 String name, String key, String where, List<String> problems) {
    Optional<Map<String, String>> data = type == ConfigMap.class
      ? resources.named(ConfigMap.class, name).map(Resources::configMapData)
      : resources.named(Secret.class, name).map(Resources::secretData);
    if (data.isEmpty()) {
      problems.add(where + ": refers to " + type.getSimpleName() + " " + name + ", which does not exist");
    } else if (key != null && !data.get().containsKey(key)) {
      problems.add(where + ": refers to key " + key + " of " + type.getSimpleName() + " " + name
        + ", which has no such key");
    }
  }
}
