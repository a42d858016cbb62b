package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lookups over one rendered set of resources (an overlay, or a base). */
final class Resources {

  /** Label of the pods that join the lcim cluster: the service processes built from this repository. */
  static final String EVENT_BUS_LABEL = "lcim.io/event-bus";
  static final String NAME_LABEL = "app.kubernetes.io/name";

  private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

  private final List<HasMetadata> all;

  Resources(List<HasMetadata> all) {
    this.all = List.copyOf(all);
  }

  List<HasMetadata> all() {
    return all;
  }

  <T extends HasMetadata> List<T> ofType(Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return ofType(type).stream().filter(resource -> resource.getMetadata().getName().equals(name)).findFirst();
  }

  /** A pod-creating resource with its pod template. */
  record Workload(HasMetadata resource, PodTemplateSpec template, LabelSelector selector, Integer replicas) {
    String name() {
      return resource.getMetadata().getName();
    }

    String kind() {
      return resource.getKind();
    }

    String namespace() {
      return resource.getMetadata().getNamespace();
    }

    Map<String, String> podLabels() {
      return Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
    }

    Map<String, String> podAnnotations() {
      return Objects.requireNonNullElse(template.getMetadata().getAnnotations(), Map.of());
    }

    PodSpec pod() {
      return template.getSpec();
    }

    /** Init containers, then containers. */
    List<Container> allContainers() {
      List<Container> containers = new ArrayList<>(Objects.requireNonNullElse(pod().getInitContainers(), List.of()));
      containers.addAll(pod().getContainers());
      return containers;
    }

    /** Long-running workloads need probes, PDBs and so on; Jobs do not. */
    boolean longRunning() {
      return !(resource instanceof Job);
    }

    /** One of our service processes (joins the clustered event bus). */
    boolean lcimService() {
      return "true".equals(podLabels().get(EVENT_BUS_LABEL));
    }

    @Override
    public String toString() {
      return kind() + " " + name();
    }
  }

  List<Workload> workloads() {
    List<Workload> workloads = new ArrayList<>();
    ofType(Deployment.class).forEach(d -> workloads.add(
      new Workload(d, d.getSpec().getTemplate(), d.getSpec().getSelector(), d.getSpec().getReplicas())));
    ofType(StatefulSet.class).forEach(s -> workloads.add(
      new Workload(s, s.getSpec().getTemplate(), s.getSpec().getSelector(), s.getSpec().getReplicas())));
    ofType(Job.class).forEach(j -> workloads.add(
      new Workload(j, j.getSpec().getTemplate(), j.getSpec().getSelector(), null)));
    return workloads;
  }

  List<Workload> lcimServices() {
    return workloads().stream().filter(Workload::lcimService).toList();
  }

  Optional<Workload> workload(String name) {
    return workloads().stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /** Workloads whose pods carry every label the selector asks for. */
  List<Workload> selectedBy(Map<String, String> selector) {
    return workloads().stream().filter(w -> Selectors.matches(selector, w.podLabels())).toList();
  }

  List<Workload> selectedBy(LabelSelector selector) {
    return workloads().stream().filter(w -> Selectors.matches(selector, w.podLabels())).toList();
  }

  /** The value of an env var as the container sees it; null when it is not known before run time. */
  record EnvValue(String value, String source) {
  }

  /**
   * The environment of a container: envFrom sources in order, then env entries (which win), with {@code $(VAR)}
   * references expanded the way the kubelet does (only variables defined before the reference).
   */
  Map<String, EnvValue> environment(Workload workload, Container container) {
    Map<String, EnvValue> environment = new LinkedHashMap<>();
    for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
      String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
      if (from.getConfigMapRef() != null) {
        named(ConfigMap.class, from.getConfigMapRef().getName()).ifPresent(map -> configMapData(map).forEach(
          (key, value) -> environment.put(prefix + key,
            new EnvValue(value, "ConfigMap " + map.getMetadata().getName()))));
      }
      if (from.getSecretRef() != null) {
        named(Secret.class, from.getSecretRef().getName()).ifPresent(secret -> secretData(secret).forEach(
          (key, value) -> environment.put(prefix + key,
            new EnvValue(value, "Secret " + secret.getMetadata().getName()))));
      }
    }
    for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
      environment.put(env.getName(), resolve(workload, env, environment));
    }
    return environment;
  }

  /** {@code $(NAME)} references in a literal env value. */
  static List<String> variableReferences(String value) {
    List<String> names = new ArrayList<>();
    Matcher matcher = VARIABLE_REFERENCE.matcher(value == null ? "" : value);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  static Map<String, String> configMapData(ConfigMap map) {
    return Objects.requireNonNullElse(map.getData(), Map.of());
  }

  static Map<String, String> secretData(Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    Objects.requireNonNullElse(secret.getData(), Map.<String, String>of()).forEach((key, value) ->
      data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    data.putAll(Objects.requireNonNullElse(secret.getStringData(), Map.of()));
    return data;
  }

  private EnvValue resolve(Workload workload, EnvVar env, Map<String, EnvValue> defined) {
    EnvVarSource from = env.getValueFrom();
    if (from == null) {
      String value = Objects.requireNonNullElse(env.getValue(), "");
      Matcher matcher = VARIABLE_REFERENCE.matcher(value);
      StringBuilder expanded = new StringBuilder();
      while (matcher.find()) {
        EnvValue referenced = defined.get(matcher.group(1));
        String replacement = referenced == null || referenced.value() == null ? matcher.group() : referenced.value();
        matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
      }
      matcher.appendTail(expanded);
      return new EnvValue(expanded.toString(), "literal");
    }
    if (from.getConfigMapKeyRef() != null) {
      String name = from.getConfigMapKeyRef().getName();
      return new EnvValue(named(ConfigMap.class, name).map(map -> configMapData(map)
        .get(from.getConfigMapKeyRef().getKey())).orElse(null), "ConfigMap " + name);
    }
    if (from.getSecretKeyRef() != null) {
      String name = from.getSecretKeyRef().getName();
      return new EnvValue(named(Secret.class, name).map(secret -> secretData(secret)
        .get(from.getSecretKeyRef().getKey())).orElse(null), "Secret " + name);
    }
    if (from.getFieldRef() != null) {
      String field = from.getFieldRef().getFieldPath();
      return new EnvValue("metadata.namespace".equals(field) ? workload.namespace() : null, "field " + field);
    }
    return new EnvValue(null, "resource field");
  }

  /** Kubernetes label-selector matching. */
  static final class Selectors {
    private Selectors() {
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
      return selector != null && !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
      if (selector == null) {
        return false;
      }
      Map<String, String> matchLabels = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
      List<LabelSelectorRequirement> expressions = Objects.requireNonNullElse(selector.getMatchExpressions(),
        List.of());
      if (matchLabels.isEmpty() && expressions.isEmpty()) {
        return false;
      }
      if (!matchLabels.isEmpty() && !matches(matchLabels, labels)) {
        return false;
      }
      return expressions.stream().allMatch(requirement -> switch (requirement.getOperator()) {
        case "In" -> requirement.getValues().contains(labels.get(requirement.getKey()));
        case "NotIn" -> !requirement.getValues().contains(labels.get(requirement.getKey()));
        case "Exists" -> labels.containsKey(requirement.getKey());
        case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
        default -> throw new ManifestException("unknown selector operator " + requirement.getOperator());
      });
    }
  }
}
