package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules for every pod: resource requests and limits, the "restricted" Pod Security profile the namespace enforces
 * (non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp) plus a read-only root filesystem
 * with a writable /tmp, pinned image tags, and readiness/liveness probes for long-running workloads.
 */
final class PodChecks {

  private PodChecks() {
  }

  static List<String> all(Resources resources) {
    List<String> problems = new ArrayList<>();
    problems.addAll(resourcesRequestedAndLimited(resources));
    problems.addAll(podsAreRestricted(resources));
    problems.addAll(imagesArePinned(resources));
    problems.addAll(longRunningContainersHaveProbes(resources));
    return problems;
  }

  static List<String> resourcesRequestedAndLimited(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      for (Container container : workload.allContainers()) {
        String where = workload + " container " + container.getName();
        ResourceRequirements requirements = container.getResources();
        Map<String, Quantity> requests = requirements == null ? Map.of()
          : Objects.requireNonNullElse(requirements.getRequests(), Map.of());
        Map<String, Quantity> limits = requirements == null ? Map.of()
          : Objects.requireNonNullElse(requirements.getLimits(), Map.of());
        for (String resource : List.of("cpu", "memory")) {
          if (!requests.containsKey(resource) || !limits.containsKey(resource)) {
            problems.add(where + ": needs both a request and a limit for " + resource);
          } else if (requests.get(resource).getNumericalAmount()
            .compareTo(limits.get(resource).getNumericalAmount()) > 0) {
            problems.add(where + ": " + resource + " request is above its limit");
          }
        }
      }
    }
    return problems;
  }

  static List<String> podsAreRestricted(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      PodSecurityContext pod = Optional.ofNullable(workload.pod().getSecurityContext())
        .orElse(new PodSecurityContext());
      for (Container container : workload.allContainers()) {
        String where = workload + " container " + container.getName();
        SecurityContext own = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
        Boolean runAsNonRoot = own.getRunAsNonRoot() != null ? own.getRunAsNonRoot() : pod.getRunAsNonRoot();
        Long runAsUser = own.getRunAsUser() != null ? own.getRunAsUser() : pod.getRunAsUser();
        SeccompProfile seccomp = own.getSeccompProfile() != null ? own.getSeccompProfile() : pod.getSeccompProfile();
        if (!Boolean.TRUE.equals(runAsNonRoot) || runAsUser == null || runAsUser == 0) {
          problems.add(where + ": must set runAsNonRoot and a non-zero numeric runAsUser");
        }
        if (!Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
          problems.add(where + ": must set allowPrivilegeEscalation: false");
        }
        Capabilities capabilities = own.getCapabilities();
        if (capabilities == null || !List.of("ALL").equals(capabilities.getDrop())
          || !Objects.requireNonNullElse(capabilities.getAdd(), List.of()).isEmpty()) {
          problems.add(where + ": must drop ALL capabilities and add none");
        }
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
          problems.add(where + ": must use the RuntimeDefault seccomp profile");
        }
        if (!Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
          problems.add(where + ": must have a read-only root filesystem");
        } else if (!mountsAt(container, "/tmp")) {
          problems.add(where + ": read-only root filesystem but no writable volume at /tmp");
        }
      }
    }
    return problems;
  }

  static List<String> imagesArePinned(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Resources.Workload workload : resources.workloads()) {
      for (Container container : workload.allContainers()) {
        ImageReference image = ImageReference.parse(container.getImage());
        if (image.digest() == null && (image.tag() == null || image.tag().equals("latest"))) {
          problems.add(workload + " container " + container.getName() + ": image " + container.getImage()
            + " needs a fixed tag or digest");
        }
      }
    }
    return problems;
  }

  static List<String> longRunningContainersHaveProbes(Resources resources) {
    List<String> problems = new ArrayList<>();
    resources.workloads().stream().filter(Resources.Workload::longRunning).forEach(workload ->
      workload.pod().getContainers().forEach(container -> {
        if (container.getReadinessProbe() == null || container.getLivenessProbe() == null) {
          problems.add(workload + " container " + container.getName() + ": needs readiness and liveness probes");
        }
      }));
    return problems;
  }

  static boolean mountsAt(Container container, String path) {
    return Objects.requireNonNullElse(container.getVolumeMounts(), List.<VolumeMount>of()).stream()
      .anyMatch(mount -> mount.getMountPath().equals(path) && !Boolean.TRUE.equals(mount.getReadOnly()));
  }
}
