package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each consistency rule, given the example overlay with one realistic mistake, reports it. (The same rules pass
 * on the unchanged manifests in ManifestConsistencyTest.)
 */
class ChecksCatchMistakesTest {

  private final Resources resources = Fixtures.freshExample();

  @Test
  void aServiceSelectorTypo() {
    service("gateway").getSpec().setSelector(Map.of(Resources.NAME_LABEL, "gateway-typo"));

    assertThat(WiringChecks.selectorsSelect(resources)).anyMatch(p -> p.contains("Service gateway"));
  }

  @Test
  void aProbeOnAPortTheContainerDoesNotHave() {
    container("message-service").getReadinessProbe().getHttpGet().setPort(new IntOrString("admin"));

    assertThat(WiringChecks.probePortsExist(resources)).anyMatch(p -> p.contains("probe port admin"));
  }

  @Test
  void aSecretKeyThatDoesNotExist() {
    container("gateway").getEnv().stream().filter(e -> e.getName().equals("IM_MASTER_KEY")).findFirst().orElseThrow()
      .getValueFrom().getSecretKeyRef().setKey("IM_MASTERKEY");

    assertThat(WiringChecks.configReferencesExist(resources)).anyMatch(p -> p.contains("key IM_MASTERKEY"));
  }

  @Test
  void anIngressBackendPortTheServiceDoesNotHave() {
    resources.named(Ingress.class, "lcim-api").orElseThrow().getSpec().getRules().get(0).getHttp().getPaths().get(0)
      .getBackend().getService().getPort().setName("https");

    assertThat(WiringChecks.ingressBackendsExist(resources)).anyMatch(p -> p.contains("has no port"));
  }

  @Test
  void aConfigKeyTheCodeReadsIsNoLongerSet() {
    configMap("lcim-gateway").getData().remove("IM_IDLE_TIMEOUT_SECONDS");

    assertThat(ServiceConfigChecks.all(resources, ServiceConfigChecks::readsOf))
      .anyMatch(p -> p.contains("reads IM_IDLE_TIMEOUT_SECONDS"));
  }

  @Test
  void aMisspelledConfigKey() {
    configMap("lcim-conversation-service").getData().put("IM_MAX_MEMBER", "100");

    assertThat(ServiceConfigChecks.all(resources, ServiceConfigChecks::readsOf))
      .anyMatch(p -> p.contains("sets IM_MAX_MEMBER,"));
  }

  @Test
  void aPortThatDiffersFromTheCodesDefault() {
    configMap("lcim-gateway").getData().put("IM_PORT", "9090");
    container("gateway").getPorts().get(0).setContainerPort(9090);

    assertThat(ServiceConfigChecks.all(resources, ServiceConfigChecks::readsOf))
      .anyMatch(p -> p.contains("IM_PORT is 9090 but the code's default is 8080"));
    assertThat(DockerfileChecks.all(Dockerfile.read(RepoPaths.dockerfile()), resources, RepoPaths.root()))
      .anyMatch(p -> p.contains("EXPOSE"));
  }

  @Test
  void aContainerPortNoSettingListensOn() {
    container("media-service").getPorts().get(0).setContainerPort(8088);

    assertThat(ServiceConfigChecks.all(resources, ServiceConfigChecks::readsOf))
      .anyMatch(p -> p.contains("differ from its *_PORT settings"));
  }

  @Test
  void aWritableRootFilesystemAndAFloatingImageTag() {
    container("conversation-service").getSecurityContext().setReadOnlyRootFilesystem(false);
    container("conversation-service").setImage("lcim/conversation-service:latest");

    assertThat(PodChecks.all(resources))
      .anyMatch(p -> p.contains("read-only root filesystem"))
      .anyMatch(p -> p.contains("fixed tag"));
  }

  @Test
  void aPreStopSleepThatEatsTheGracePeriod() {
    container("gateway").getLifecycle().getPreStop().getExec().setCommand(List.of("sleep", "55"));

    assertThat(LcimServiceChecks.terminationLetsThemDrain(resources)).anyMatch(p -> p.contains("preStop sleep 55"));
  }

  @Test
  void aDiscoveryServiceThatHidesPodsUntilTheyAreReady() {
    service("lcim-cluster").getSpec().setPublishNotReadyAddresses(false);

    assertThat(LcimServiceChecks.clusterDiscoveryFindsEveryService(resources))
      .anyMatch(p -> p.contains("not-ready addresses"));
  }

  @Test
  void aServiceLeftOutOfClusterDiscovery() {
    deployment("media-service").getSpec().getTemplate().getMetadata().getLabels().remove(Resources.EVENT_BUS_LABEL);

    assertThat(LcimServiceChecks.clusterDiscoveryFindsEveryService(resources))
      .anyMatch(p -> p.contains("Service lcim-cluster: selects") && p.contains("media-service"));
  }

  @Test
  void aClusterHostThatIsNotThePodIp() {
    container("gateway").getEnv().removeIf(e -> e.getName().equals("CLUSTER_HOST"));

    assertThat(LcimServiceChecks.clusterDiscoveryFindsEveryService(resources))
      .anyMatch(p -> p.contains("Deployment gateway: CLUSTER_HOST"));
  }

  @Test
  void anAutoscaledDeploymentThatAlsoFixesItsReplicas() {
    deployment("gateway").getSpec().setReplicas(3);

    assertThat(ScalingChecks.autoscalersHaveValidTargets(resources)).anyMatch(p -> p.contains("sets replicas"));
  }

  @Test
  void aDisruptionBudgetThatBlocksNodeDrains() {
    PodDisruptionBudget budget = resources.named(PodDisruptionBudget.class, "message-service").orElseThrow();
    budget.getSpec().setMaxUnavailable(null);
    budget.getSpec().setMinAvailable(new IntOrString(2));

    assertThat(ScalingChecks.disruptionBudgetsAllowDrains(resources)).anyMatch(p -> p.contains("blocks node drains"));
  }

  @Test
  void aMongoUriMissingAReplicaSetMember() {
    configMap("lcim-common").getData().put("MONGO_URI",
      "mongodb://mongo-0.mongo:27017,mongo-1.mongo:27017/?replicaSet=rs0");

    assertThat(StoreChecks.mongoUriNamesTheReplicaSet(resources)).anyMatch(p -> p.contains("replica-set members"));
  }

  @Test
  void aNetworkPolicyThatShutsOutTheServices() {
    resources.named(NetworkPolicy.class, "redis").orElseThrow().getSpec().getIngress().get(0).getFrom().get(0)
      .setPodSelector(new LabelSelector(null, Map.of(Resources.NAME_LABEL, "gateway")));

    assertThat(StoreChecks.networkPoliciesAdmitEveryClient(resources))
      .anyMatch(p -> p.contains("does not admit Deployment message-service"));
  }

  @Test
  void aProxyTimeoutShorterThanTheGatewaysIdleTimeout() {
    resources.named(Ingress.class, "lcim-websocket").orElseThrow().getMetadata().getAnnotations()
      .put("nginx.ingress.kubernetes.io/proxy-read-timeout", "60");

    assertThat(IngressChecks.proxySettingsFitTheServices(resources)).anyMatch(p -> p.contains("proxy-read-timeout"));
  }

  @Test
  void anUploadLimitAboveTheProxyBodySize() {
    configMap("lcim-media-service").getData().put("IM_MAX_UPLOAD_BYTES", String.valueOf(100L * 1024 * 1024));

    assertThat(IngressChecks.proxySettingsFitTheServices(resources)).anyMatch(p -> p.contains("proxy-body-size"));
  }

  @Test
  void aPublicUrlThatIsNotTheIngressHost() {
    configMap("lcim-media-service").getData().put("IM_PUBLIC_URL", "https://files.example.org");

    assertThat(IngressChecks.publicUrlIsTheIngressHost(resources)).anyMatch(p -> p.contains("files.example.org"));
  }

  @Test
  void aRouteToTheWrongService() {
    resources.named(Ingress.class, "lcim-api").orElseThrow().getSpec().getRules().get(0).getHttp().getPaths()
      .forEach(path -> path.getBackend().getService().setName("gateway"));

    assertThat(IngressChecks.routesGoToTheirServices(resources)).anyMatch(p -> p.contains("/files/"));
  }

  private Deployment deployment(String name) {
    return resources.named(Deployment.class, name).orElseThrow();
  }

  private Container container(String deployment) {
    return deployment(deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private Service service(String name) {
    return resources.named(Service.class, name).orElseThrow();
  }

  private ConfigMap configMap(String name) {
    return resources.named(ConfigMap.class, name).orElseThrow();
  }
}
