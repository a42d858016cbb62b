package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * When the stores run in the cluster (k8s/stores): MONGO_URI names exactly the replica-set members the StatefulSet
 * creates, with the replica set name mongod is started with and the init Job forms; REDIS_URI names the Redis
 * Service; and the NetworkPolicies around the stores admit every pod that talks to them.
 */
final class StoreChecks {

  private static final Pattern MEMBER_HOST = Pattern.compile("host:\\s*\"([^\"]+)\"");
  private static final Pattern SET_ID = Pattern.compile("_id:\\s*\"([^\"]+)\"");

  private StoreChecks() {
  }

  static List<String> all(Resources resources) {
    List<String> problems = new ArrayList<>();
    problems.addAll(mongoUriNamesTheReplicaSet(resources));
    problems.addAll(redisUriNamesTheRedisService(resources));
    problems.addAll(networkPoliciesAdmitEveryClient(resources));
    return problems;
  }

  static List<String> mongoUriNamesTheReplicaSet(Resources resources) {
    List<StatefulSet> mongoSets = resources.ofType(StatefulSet.class).stream()
      .filter(set -> commandLine(set.getSpec().getTemplate().getSpec().getContainers().get(0)).contains("mongod"))
      .toList();
    if (mongoSets.isEmpty()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    StatefulSet mongo = mongoSets.get(0);
    Container container = mongo.getSpec().getTemplate().getSpec().getContainers().get(0);
    int port = container.getPorts().get(0).getContainerPort();
    Set<String> members = IntStream.range(0, mongo.getSpec().getReplicas())
      .mapToObj(i -> mongo.getMetadata().getName() + "-" + i + "." + mongo.getSpec().getServiceName() + ":" + port)
      .collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> command = commandLine(container);
    int replSetFlag = command.indexOf("--replSet");
    String replicaSet = replSetFlag < 0 || replSetFlag + 1 >= command.size() ? null : command.get(replSetFlag + 1);
    if (replicaSet == null) {
      problems.add("StatefulSet " + mongo.getMetadata().getName() + ": mongod is not started with --replSet");
    }
    problems.addAll(governingServiceProblems(resources, mongo));
    for (Resources.Workload workload : resources.lcimServices()) {
      String uri = value(resources, workload, "MONGO_URI");
      Set<String> hosts = new LinkedHashSet<>(List.of(uri.replaceFirst("^mongodb://", "").split("/")[0].split(",")));
      if (!hosts.equals(members)) {
        problems.add(workload + ": MONGO_URI hosts " + hosts + " are not the replica-set members " + members);
      }
      if (replicaSet != null && !uri.matches(".*[?&]replicaSet=" + Pattern.quote(replicaSet) + "(&.*)?$")) {
        problems.add(workload + ": MONGO_URI must name replicaSet=" + replicaSet);
      }
    }
    List<Resources.Workload> initJobs = resources.workloads().stream()
      .filter(w -> !w.longRunning() && String.join(" ", commandLine(w.pod().getContainers().get(0)))
        .contains("rs.initiate"))
      .toList();
    if (initJobs.size() != 1) {
      problems.add("expected one Job that runs rs.initiate, found " + initJobs.size());
    } else {
      String script = String.join(" ", commandLine(initJobs.get(0).pod().getContainers().get(0)));
      Set<String> initiated = new LinkedHashSet<>();
      Matcher host = MEMBER_HOST.matcher(script);
      while (host.find()) {
        initiated.add(host.group(1));
      }
      Matcher setId = SET_ID.matcher(script);
      if (!initiated.equals(members) || !setId.find() || !setId.group(1).equals(replicaSet)) {
        problems.add(initJobs.get(0) + ": must initiate replica set " + replicaSet + " with members " + members
          + ", not " + initiated);
      }
    }
    return problems;
  }

  static List<String> redisUriNamesTheRedisService(Resources resources) {
    List<StatefulSet> redisSets = resources.ofType(StatefulSet.class).stream()
      .filter(set -> commandLine(set.getSpec().getTemplate().getSpec().getContainers().get(0))
        .contains("redis-server"))
      .toList();
    if (redisSets.isEmpty()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    StatefulSet redis = redisSets.get(0);
    problems.addAll(governingServiceProblems(resources, redis));
    for (Resources.Workload workload : resources.lcimServices()) {
      URI uri = URI.create(value(resources, workload, "REDIS_URI"));
      Optional<Service> service = resources.named(Service.class, uri.getHost());
      boolean reachesRedis = service.isPresent()
        && Resources.Selectors.matches(service.get().getSpec().getSelector(),
        redis.getSpec().getTemplate().getMetadata().getLabels())
        && service.get().getSpec().getPorts().stream().anyMatch(p -> p.getPort() == uri.getPort());
      if (!reachesRedis) {
        problems.add(workload + ": REDIS_URI " + uri + " is not a port of a Service in front of StatefulSet "
          + redis.getMetadata().getName());
      }
    }
    return problems;
  }

  /**
   * For each NetworkPolicy, the pods that name a host of the protected pods ({@code host:port} in env or command)
   * and, for replicated StatefulSets, the peers themselves, are admitted on that port.
   */
  static List<String> networkPoliciesAdmitEveryClient(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (NetworkPolicy policy : resources.ofType(NetworkPolicy.class)) {
      for (Resources.Workload target : resources.selectedBy(policy.getSpec().getPodSelector())) {
        Set<String> hosts = hostNames(resources, target);
        for (ContainerPort port : target.pod().getContainers().get(0).getPorts()) {
          for (Resources.Workload client : resources.workloads()) {
            boolean peer = client == target && Objects.requireNonNullElse(target.replicas(), 1) > 1;
            boolean names = hosts.stream().anyMatch(host -> mentions(resources, client, host + ":"
              + port.getContainerPort()));
            if ((peer || names) && !admits(policy, client, port.getContainerPort())) {
              problems.add("NetworkPolicy " + policy.getMetadata().getName() + ": does not admit " + client
                + " on port " + port.getContainerPort());
            }
          }
        }
      }
    }
    return problems;
  }

  private static List<String> governingServiceProblems(Resources resources, StatefulSet set) {
    Optional<Service> service = resources.named(Service.class, set.getSpec().getServiceName());
    String where = "StatefulSet " + set.getMetadata().getName();
    if (service.isEmpty()) {
      return List.of(where + ": its serviceName " + set.getSpec().getServiceName() + " is not a Service");
    }
    if (!Resources.Selectors.matches(service.get().getSpec().getSelector(),
      set.getSpec().getTemplate().getMetadata().getLabels())) {
      return List.of(where + ": Service " + set.getSpec().getServiceName() + " does not select its pods");
    }
    if (set.getSpec().getReplicas() > 1 && (!"None".equals(service.get().getSpec().getClusterIP())
      || !Boolean.TRUE.equals(service.get().getSpec().getPublishNotReadyAddresses()))) {
      return List.of(where + ": replicas find each other through Service " + set.getSpec().getServiceName()
        + ", which must be headless and publish not-ready addresses");
    }
    return List.of();
  }

  private static Set<String> hostNames(Resources resources, Resources.Workload target) {
    Set<String> hosts = new LinkedHashSet<>();
    resources.ofType(Service.class).stream()
      .filter(service -> Resources.Selectors.matches(service.getSpec().getSelector(), target.podLabels()))
      .forEach(service -> {
        hosts.add(service.getMetadata().getName());
        if (target.resource() instanceof StatefulSet set
          && set.getSpec().getServiceName().equals(service.getMetadata().getName())) {
          IntStream.range(0, Objects.requireNonNullElse(set.getSpec().getReplicas(), 1))
            .forEach(i -> hosts.add(set.getMetadata().getName() + "-" + i + "." + service.getMetadata().getName()));
        }
      });
    return hosts;
  }

  private static boolean mentions(Resources resources, Resources.Workload client, String hostAndPort) {
    Pattern mention = Pattern.compile("(^|[^A-Za-z0-9.-])" + Pattern.quote(hostAndPort) + "($|[^0-9])");
    return client.allContainers().stream().anyMatch(container ->
      resources.environment(client, container).values().stream()
        .anyMatch(value -> value.value() != null && mention.matcher(value.value()).find())
        || commandLine(container).stream().anyMatch(part -> mention.matcher(part).find()));
  }

  private static boolean admits(NetworkPolicy policy, Resources.Workload client, int port) {
    for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
      List.<NetworkPolicyIngressRule>of())) {
      boolean portAllowed = rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream()
        .anyMatch(p -> p.getPort() != null && Objects.equals(p.getPort().getValue(), port));
      boolean peerAllowed = rule.getFrom() == null || rule.getFrom().isEmpty() || rule.getFrom().stream()
        .anyMatch(peer -> admitsPeer(peer, client));
      if (portAllowed && peerAllowed) {
        return true;
      }
    }
    return false;
  }

  private static boolean admitsPeer(NetworkPolicyPeer peer, Resources.Workload client) {
    return peer.getNamespaceSelector() == null && peer.getIpBlock() == null
      && Resources.Selectors.matches(peer.getPodSelector(), client.podLabels());
  }

  private static String value(Resources resources, Resources.Workload workload, String key) {
    Resources.EnvValue value = resources.environment(workload, LcimServiceChecks.mainContainer(workload)).get(key);
    return value == null || value.value() == null ? "" : value.value();
  }

  static List<String> commandLine(Container container) {
    List<String> parts = new ArrayList<>(Objects.requireNonNullElse(container.getCommand(), List.of()));
    parts.addAll(Objects.requireNonNullElse(container.getArgs(), List.of()));
    return parts;
  }
}
