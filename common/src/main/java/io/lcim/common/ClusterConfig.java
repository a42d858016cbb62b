package io.lcim.common;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Arrays;
import java.util.List;

/**
 * How a process joins the Hazelcast-clustered event bus.
 *
 * @param clusterName  {@code CLUSTER_NAME}: processes only join others with the same name
 * @param host         {@code CLUSTER_HOST}: the address Hazelcast and the event bus bind to and advertise
 * @param port         {@code CLUSTER_PORT}: first Hazelcast port tried (auto-incremented when taken)
 * @param members      {@code CLUSTER_MEMBERS}: comma-separated TCP-IP member list for local runs
 * @param kubernetesDns {@code CLUSTER_K8S_SERVICE_DNS}: headless service name; when set, Kubernetes discovery is used
 */
public record ClusterConfig(String clusterName, String host, int port, List<String> members, String kubernetesDns) {

  public static ClusterConfig from(JsonObject config) {
    String host = ConfigValues.string(config, "CLUSTER_HOST", "127.0.0.1");
    String members = ConfigValues.string(config, "CLUSTER_MEMBERS", host);
    return new ClusterConfig(
      ConfigValues.string(config, "CLUSTER_NAME", "lcim"),
      host,
      ConfigValues.integer(config, "CLUSTER_PORT", 5701),
      Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
      ConfigValues.string(config, "CLUSTER_K8S_SERVICE_DNS", null));
  }

  /** A Hazelcast config with Vert.x's required maps, discovery per this record and no outbound calls. */
  public Config hazelcastConfig() {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // Heal fast when a member dies: the defaults wait up to 60 s before removing it.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(true);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (kubernetesDns != null) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", kubernetesDns);
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    }
    config.setProperty("hazelcast.socket.bind.any", "false");
    network.getInterfaces().setEnabled(true).addInterface(host);
    return config;
  }

  /** Starts a clustered Vert.x whose event bus binds to {@link #host()}. */
  public Future<Vertx> startVertx(VertxOptions options) {
    return startVertx(options, null);
  }

  /** As {@link #startVertx(VertxOptions)}, with a metrics factory (null for none). */
  public Future<Vertx> startVertx(VertxOptions options, VertxMetricsFactory metrics) {
    EventBusOptions eventBus = options.getEventBusOptions();
    // On Kubernetes the pod IP is CLUSTER_HOST too; bind the event bus there so peers can reach it.
    eventBus.setHost(host).setClusterPublicHost(host);
    VertxBuilder builder = Vertx.builder()
      .with(options)
      .withClusterManager(new HazelcastClusterManager(hazelcastConfig()));
    if (metrics != null) {
      builder.withMetrics(metrics);
    }
    return builder.buildClustered();
  }
}
