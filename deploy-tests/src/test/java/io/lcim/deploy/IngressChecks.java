package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The public routes the SDKs use exist and go to the right service, with proxy settings that fit them: WebSocket
 * timeouts longer than the gateway's own idle timeout, and a body-size limit that admits the largest upload; the
 * public URL media-service hands out is the Ingress host.
 */
final class IngressChecks {

  /** Path prefix → service, as the SDKs call them (the routing table). */
  static final Map<String, String> ROUTES = Map.of(
    "/", "gateway",
    "/1.1/", "media-service",
    "/files/", "media-service",
    "/1.2/rtm/", "message-service");

  private static final String NGINX = "nginx.ingress.kubernetes.io/";

  private IngressChecks() {
  }

  static List<String> all(Resources resources) {
    List<String> problems = new ArrayList<>();
    problems.addAll(routesGoToTheirServices(resources));
    problems.addAll(proxySettingsFitTheServices(resources));
    problems.addAll(publicUrlIsTheIngressHost(resources));
    return problems;
  }

  static List<String> routesGoToTheirServices(Resources resources) {
    Map<String, String> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    routes(resources).forEach((path, route) -> {
      found.put(path, route.backend());
      if (!"Prefix".equals(route.path().getPathType())) {
        problems.add("Ingress " + route.ingress().getMetadata().getName() + " path " + path + ": pathType must be "
          + "Prefix");
      }
    });
    ROUTES.forEach((path, service) -> {
      if (!service.equals(found.get(path))) {
        problems.add("path " + path + " must route to " + service + ", routes to " + found.get(path));
      }
    });
    return problems;
  }

  static List<String> proxySettingsFitTheServices(Resources resources) {
    List<String> problems = new ArrayList<>();
    for (Ingress ingress : resources.ofType(Ingress.class)) {
      String where = "Ingress " + ingress.getMetadata().getName();
      if (!"nginx".equals(ingress.getSpec().getIngressClassName())) {
        problems.add(where + ": the proxy annotations are ingress-nginx's; ingressClassName must be nginx");
        continue;
      }
      Map<String, String> annotations = Objects.requireNonNullElse(ingress.getMetadata().getAnnotations(), Map.of());
      for (String backend : backends(ingress)) {
        if (backend.equals("gateway")) {
          Long idle = setting(resources, "gateway", "IM_IDLE_TIMEOUT_SECONDS");
          for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            Long seconds = parseLong(annotations.get(NGINX + timeout));
            if (idle == null || seconds == null || seconds <= idle) {
              problems.add(where + ": " + timeout + " (" + seconds + " s) must exceed the gateway's "
                + "IM_IDLE_TIMEOUT_SECONDS (" + idle + ")");
            }
          }
        }
        Long maxUpload = setting(resources, backend, "IM_MAX_UPLOAD_BYTES");
        if (maxUpload != null) {
          Long bodyLimit = nginxSize(annotations.get(NGINX + "proxy-body-size"));
          if (bodyLimit == null || (bodyLimit != 0 && bodyLimit < maxUpload)) {
            problems.add(where + ": proxy-body-size must admit IM_MAX_UPLOAD_BYTES " + maxUpload + " of " + backend);
          }
        }
      }
    }
    return problems;
  }

  /** With hosts configured, IM_PUBLIC_URL is one of them, https exactly when TLS covers it. */
  static List<String> publicUrlIsTheIngressHost(Resources resources) {
    List<String> problems = new ArrayList<>();
    Set<String> hosts = new TreeSet<>();
    Set<String> tlsHosts = new TreeSet<>();
    for (Ingress ingress : resources.ofType(Ingress.class)) {
      ingress.getSpec().getRules().stream().map(IngressRule::getHost).filter(Objects::nonNull).forEach(hosts::add);
      Objects.requireNonNullElse(ingress.getSpec().getTls(), List.<IngressTLS>of())
        .forEach(tls -> tlsHosts.addAll(tls.getHosts()));
    }
    for (Resources.Workload workload : resources.lcimServices()) {
      var environment = resources.environment(workload, LcimServiceChecks.mainContainer(workload));
      Optional<String> publicUrl = Optional.ofNullable(environment.get("IM_PUBLIC_URL")).map(v -> v.value());
      if (publicUrl.isEmpty()) {
        continue;
      }
      URI uri = URI.create(publicUrl.get());
      if (!Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
        problems.add(workload + ": IM_PUBLIC_URL " + uri + " is not an absolute http(s) URL");
      } else if (!hosts.isEmpty() && !hosts.contains(uri.getHost())) {
        problems.add(workload + ": IM_PUBLIC_URL host " + uri.getHost() + " is not an Ingress host " + hosts);
      } else if (!hosts.isEmpty() && tlsHosts.contains(uri.getHost()) != uri.getScheme().equals("https")) {
        problems.add(workload + ": IM_PUBLIC_URL scheme " + uri.getScheme() + " does not match the Ingress TLS");
      }
    }
    return problems;
  }

  private record Route(Ingress ingress, HTTPIngressPath path, String backend) {
  }

  private static Map<String, Route> routes(Resources resources) {
    Map<String, Route> routes = new LinkedHashMap<>();
    for (Ingress ingress : resources.ofType(Ingress.class)) {
      for (IngressRule rule : ingress.getSpec().getRules()) {
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          routes.put(path.getPath(), new Route(ingress, path, path.getBackend().getService().getName()));
        }
      }
    }
    return routes;
  }

  private static Set<String> backends(Ingress ingress) {
    Set<String> backends = new TreeSet<>();
    ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths()
      .forEach(path -> backends.add(path.getBackend().getService().getName())));
    return backends;
  }

  private static Long setting(Resources resources, String workloadName, String key) {
    return resources.workload(workloadName)
      .map(workload -> resources.environment(workload, LcimServiceChecks.mainContainer(workload)).get(key))
      .map(value -> parseLong(value.value()))
      .orElse(null);
  }

  /** nginx sizes: bytes, or a number with k/m/g (0 means unlimited). */
  static Long nginxSize(String size) {
    if (size == null || !size.toLowerCase(Locale.ROOT).matches("\\d+[kmg]?")) {
      return null;
    }
    String lower = size.toLowerCase(Locale.ROOT);
    long unit = switch (lower.charAt(lower.length() - 1)) {
      case 'k' -> 1024L;
      case 'm' -> 1024L * 1024;
      case 'g' -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    String digits = Character.isDigit(lower.charAt(lower.length() - 1)) ? lower
      : lower.substring(0, lower.length() - 1);
    return Long.parseLong(digits) * unit;
  }

  private static Long parseLong(String value) {
    return value == null || !value.matches("\\d+") ? null : Long.valueOf(value);
  }
}
