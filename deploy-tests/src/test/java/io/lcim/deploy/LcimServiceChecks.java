package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rules for the pods of our own services (label {@code lcim.io/event-bus: "true"}): health probes and Prometheus
 * annotations on IM_MANAGEMENT_PORT, graceful termination long enough to drain, and Hazelcast discovery through a
 * headless Service that selects exactly these pods.
 */
final class LcimServiceChecks {

  /** Time the process itself needs after SIGTERM (the gateway's goaway drain is bounded at 3 s, plus shutdown). */
  static final long DRAIN_BUDGET_SECONDS = 10;
  static final long MIN_GRACE_SECONDS = 30;
  static final String DISCOVERY_KEY = "CLUSTER_K8S_SERVICE_DNS";

  private LcimServiceChecks() {
  }

  static List<String> all(Resources resources) {
    List<String> problems = new ArrayList<>();
    problems.addAll(everythingInOneNamespace(resources));
    problems.addAll(healthAndMetricsOnManagementPort(resources));
    problems.addAll(terminationLetsThemDrain(resources));
    problems.addAll(clusterDiscoveryFindsEveryService(resources));
    return problems;
  }

  /** One Namespace object, and every namespaced resource in it. */
  static List<String> everythingInOneNamespace(Resources resources) {
    List<Namespace> namespaces = resources.ofType(Namespace.class);
    if (namespaces.size() != 1) {
      return List.of("expected one Namespace, found " + namespaces.size());
    }
    String namespace = namespaces.get(0).getMetadata().getName();
    return resources.all().stream()
      .filter(resource -> !(resource instanceof Namespace))
      .filter(resource -> !namespace.equals(resource.getMetadata().getNamespace()))
      .map(resource -> resource.getKind() + " " + resource.getMetadata().getName() + " is in namespace "
        + resource.getMetadata().getNamespace() + ", not " + namespace)
      .toList();
  }

  static List<String> healthAndMetricsOnManagementPort(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.lcimServices()) {
      Container container = mainContainer(workload);
      String where = workload.toString();
      Integer managementPort = intValue(resources.environment(workload, container), "IM_MANAGEMENT_PORT");
      if (managementPort == null) {
        problems.add(where + ": IM_MANAGEMENT_PORT is not set to a number");
        continue;
      }
      for (Map.Entry<String, Probe> probe : probes(container).entrySet()) {
        HTTPGetAction get = probe.getValue() == null ? null : probe.getValue().getHttpGet();
        // Liveness must not follow the stores (an outage would restart every pod); readiness and startup must.
        String path = "livenessProbe".equals(probe.getKey()) ? "/health" : "/readiness";
        if (get == null || !path.equals(get.getPath())
          || !Objects.equals(portNumber(container, get.getPort()), managementPort)) {
          problems.add(where + ": " + probe.getKey() + " must GET " + path + " on IM_MANAGEMENT_PORT "
            + managementPort);
        }
      }
      Map<String, String> annotations = workload.podAnnotations();
      if (!"true".equals(annotations.get("prometheus.io/scrape"))
        || !String.valueOf(managementPort).equals(annotations.get("prometheus.io/port"))
        || !"/metrics".equals(annotations.get("prometheus.io/path"))) {
        problems.add(where + ": needs prometheus.io/scrape \"true\", port " + managementPort + ", path /metrics");
      }
    }
    return problems;
  }

  static List<String> terminationLetsThemDrain(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.lcimServices()) {
      long grace = Objects.requireNonNullElse(workload.pod().getTerminationGracePeriodSeconds(), 30L);
      if (grace < MIN_GRACE_SECONDS) {
        problems.add(workload + ": terminationGracePeriodSeconds " + grace + " is below " + MIN_GRACE_SECONDS);
      }
      Container container = mainContainer(workload);
      Optional<Long> sleep = Optional.ofNullable(container.getLifecycle())
        .map(lifecycle -> lifecycle.getPreStop())
        .map(handler -> handler.getExec())
        .map(exec -> exec.getCommand())
        .filter(command -> command.size() == 2 && command.get(0).equals("sleep") && command.get(1).matches("\\d+"))
        .map(command -> Long.parseLong(command.get(1)));
      if (sleep.isEmpty() || sleep.get() < 1) {
        problems.add(workload + ": needs a preStop [\"sleep\", \"N\"] so endpoints are removed before SIGTERM");
      } else if (sleep.get() + DRAIN_BUDGET_SECONDS > grace) {
        problems.add(workload + ": preStop sleep " + sleep.get() + " s leaves less than " + DRAIN_BUDGET_SECONDS
          + " s of the " + grace + " s grace period to drain");
      }
      if (workload.resource() instanceof Deployment deployment) {
        var rolling = deployment.getSpec().getStrategy() == null ? null
          : deployment.getSpec().getStrategy().getRollingUpdate();
        if (rolling == null || rolling.getMaxUnavailable() == null
          || !Objects.equals(rolling.getMaxUnavailable().getValue(), 0)) {
          problems.add(workload + ": rolling updates must keep capacity (maxUnavailable: 0)");
        }
      }
    }
    return problems;
  }

  /**
   * CLUSTER_HOST is the pod IP; CLUSTER_K8S_SERVICE_DNS names a headless Service of this namespace that publishes
   * not-ready pods, selects exactly the service workloads, and serves CLUSTER_PORT, a port of every container.
   */
  static List<String> clusterDiscoveryFindsEveryService(Resources resources) {
    List<String> problems = new ArrayList<>();
    // Members: our services, and anything else that joins the cluster through discovery.
    List<Resources.Workload> members = resources.workloads().stream()
      .filter(w -> w.lcimService() || resources.environment(w, mainContainer(w)).containsKey(DISCOVERY_KEY))
      .toList();
    Set<String> services = members.stream().map(Resources.Workload::name).collect(Collectors.toSet());
    if (services.isEmpty()) {
      return List.of("no workload carries " + Resources.EVENT_BUS_LABEL + ": \"true\"");
    }
    for (Resources.Workload workload : members) {
      Container container = mainContainer(workload);
      String where = workload.toString();
      boolean hostIsPodIp = Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of()).stream()
        .anyMatch(env -> env.getName().equals("CLUSTER_HOST") && env.getValueFrom() != null
          && env.getValueFrom().getFieldRef() != null
          && "status.podIP".equals(env.getValueFrom().getFieldRef().getFieldPath()));
      if (!hostIsPodIp) {
        problems.add(where + ": CLUSTER_HOST must come from the downward API (status.podIP)");
      }
      if (!Boolean.FALSE.equals(workload.pod().getAutomountServiceAccountToken())) {
        problems.add(where + ": DNS discovery needs no API access: set automountServiceAccountToken: false");
      }
      Map<String, Resources.EnvValue> environment = resources.environment(workload, container);
      Integer clusterPort = intValue(environment, "CLUSTER_PORT");
      String dns = Optional.ofNullable(environment.get(DISCOVERY_KEY))
        .map(Resources.EnvValue::value).orElse("");
      String expectedSuffix = "." + workload.namespace() + ".svc.cluster.local";
      if (!dns.endsWith(expectedSuffix)) {
        problems.add(where + ": CLUSTER_K8S_SERVICE_DNS '" + dns + "' is not <service>" + expectedSuffix);
        continue;
      }
      String serviceName = dns.substring(0, dns.length() - expectedSuffix.length());
      Optional<Service> service = resources.named(Service.class, serviceName);
      if (service.isEmpty()) {
        problems.add(where + ": CLUSTER_K8S_SERVICE_DNS names Service " + serviceName + ", which does not exist");
        continue;
      }
      problems.addAll(discoveryServiceProblems(resources, service.get(), services, clusterPort, container));
    }
    return problems.stream().distinct().toList();
  }

  private static List<String> discoveryServiceProblems(Resources resources, Service service, Set<String> members,
                                                       Integer clusterPort, Container container) {
    List<String> problems = new ArrayList<>();
    String where = "Service " + service.getMetadata().getName();
    if (!"None".equals(service.getSpec().getClusterIP())) {
      problems.add(where + ": Hazelcast DNS discovery needs a headless Service (clusterIP: None)");
    }
    if (!Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses())) {
      problems.add(where + ": must publish not-ready addresses, or members cannot join before they are ready");
    }
    Set<String> selected = resources.selectedBy(service.getSpec().getSelector()).stream()
      .map(Resources.Workload::name).collect(Collectors.toSet());
    if (!selected.equals(members)) {
      problems.add(where + ": selects " + selected + " but the cluster members are " + members);
    }
    boolean portServed = service.getSpec().getPorts().stream().anyMatch(port ->
      Objects.equals(port.getPort(), clusterPort) && port.getTargetPort() != null
        && Objects.equals(portNumber(container, port.getTargetPort()), clusterPort));
    if (clusterPort == null || !portServed) {
      problems.add(where + ": must serve CLUSTER_PORT " + clusterPort + " on that container port");
    }
    return problems;
  }

  /** The container named like the workload (our services run one container each). */
  static Container mainContainer(Resources.Workload workload) {
    return workload.pod().getContainers().stream()
      .filter(container -> container.getName().equals(workload.name()))
      .findFirst()
      .orElse(workload.pod().getContainers().get(0));
  }

  static Integer intValue(Map<String, Resources.EnvValue> environment, String key) {
    Resources.EnvValue value = environment.get(key);
    return value == null || value.value() == null || !value.value().matches("\\d+") ? null
      : Integer.valueOf(value.value());
  }

  static Integer portNumber(Container container, IntOrString port) {
    if (port == null) {
      return null;
    }
    if (port.getValue() instanceof Integer number) {
      return number;
    }
    return WiringChecks.containerPort(container, port).map(p -> p.getContainerPort()).orElse(null);
  }

  private static Map<String, Probe> probes(Container container) {
    Map<String, Probe> probes = new LinkedHashMap<>();
    probes.put("startupProbe", container.getStartupProbe());
    probes.put("readinessProbe", container.getReadinessProbe());
    probes.put("livenessProbe", container.getLivenessProbe());
    return probes;
  }
}
