package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * HorizontalPodAutoscalers scale something that can be scaled, and PodDisruptionBudgets protect every replicated
 * workload without ever blocking a node drain.
 */
final class ScalingChecks {

  private ScalingChecks() {
  }

  static List<String> all(Resources resources) {
    List<String> problems = new ArrayList<>();
    problems.addAll(autoscalersHaveValidTargets(resources));
    problems.addAll(disruptionBudgetsAllowDrains(resources));
    return problems;
  }

  static List<String> autoscalersHaveValidTargets(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (HorizontalPodAutoscaler autoscaler : resources.ofType(HorizontalPodAutoscaler.class)) {
      String where = "HorizontalPodAutoscaler " + autoscaler.getMetadata().getName();
      var target = autoscaler.getSpec().getScaleTargetRef();
      Optional<Resources.Workload> workload = resources.workload(target.getName())
        .filter(w -> w.kind().equals(target.getKind()));
      if (workload.isEmpty()) {
        problems.add(where + ": target " + target.getKind() + " " + target.getName() + " does not exist");
        continue;
      }
      if (workload.get().replicas() != null) {
        problems.add(where + ": " + workload.get() + " sets replicas, which every apply would reset under the HPA");
      }
      int min = Objects.requireNonNullElse(autoscaler.getSpec().getMinReplicas(), 1);
      if (min < 2 || min > autoscaler.getSpec().getMaxReplicas()) {
        problems.add(where + ": minReplicas must be at least 2 and at most maxReplicas");
      }
      for (MetricSpec metric : Objects.requireNonNullElse(autoscaler.getSpec().getMetrics(), List.<MetricSpec>of())) {
        if (metric.getResource() == null || !"Utilization".equals(metric.getResource().getTarget().getType())) {
          continue;
        }
        String resource = metric.getResource().getName();
        for (Container container : workload.get().pod().getContainers()) {
          boolean requested = container.getResources() != null && container.getResources().getRequests() != null
            && container.getResources().getRequests().containsKey(resource);
          if (!requested) {
            problems.add(where + ": scales on " + resource + " utilization, but container " + container.getName()
              + " requests no " + resource);
          }
        }
      }
    }
    return problems;
  }

  /** Every workload of 2+ replicas has a PDB, and each PDB lets at least one pod go at the lowest replica count. */
  static List<String> disruptionBudgetsAllowDrains(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      if (!workload.longRunning() || fewestReplicas(resources, workload) < 2) {
        continue;
      }
      List<PodDisruptionBudget> budgets = resources.ofType(PodDisruptionBudget.class).stream()
        .filter(budget -> Resources.Selectors.matches(budget.getSpec().getSelector(), workload.podLabels()))
        .toList();
      if (budgets.size() != 1) {
        problems.add(workload + ": has " + budgets.size() + " PodDisruptionBudgets instead of one");
        continue;
      }
      PodDisruptionBudget budget = budgets.get(0);
      int replicas = fewestReplicas(resources, workload);
      int mayGo = budget.getSpec().getMaxUnavailable() != null
        ? count(budget.getSpec().getMaxUnavailable(), replicas)
        : replicas - count(budget.getSpec().getMinAvailable(), replicas);
      if (mayGo < 1) {
        problems.add("PodDisruptionBudget " + budget.getMetadata().getName() + ": with " + replicas
          + " replicas no pod may be evicted, which blocks node drains");
      }
    }
    return problems;
  }

  /** The lowest replica count a workload runs at: the HPA's minimum if one scales it, else spec.replicas. */
  static int fewestReplicas(Resources resources, Resources.Workload workload) {
    Optional<HorizontalPodAutoscaler> autoscaler = resources.ofType(HorizontalPodAutoscaler.class).stream()
      .filter(hpa -> hpa.getSpec().getScaleTargetRef().getName().equals(workload.name()))
      .findFirst();
    if (autoscaler.isPresent()) {
      return Objects.requireNonNullElse(autoscaler.get().getSpec().getMinReplicas(), 1);
    }
    if (workload.resource() instanceof Deployment || workload.resource() instanceof StatefulSet) {
      return Objects.requireNonNullElse(workload.replicas(), 1);
    }
    return 1;
  }

  /** An int-or-percent of {@code total}; the disruption controller rounds percentages up. */
  private static int count(IntOrString value, int total) {
    if (value == null) {
      return 0;
    }
    if (value.getValue() instanceof Integer number) {
      return number;
    }
    return (int) Math.ceil(Double.parseDouble(value.getStrVal().replace("%", "")) * total / 100);
  }
}
