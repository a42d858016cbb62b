package io.lcim.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** With Vert.x metrics on (as in the clustered services), the node counts its client sockets and sessions. */
@Timeout(60)
class GatewayMetersTest extends GatewayTestBase {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Vertx metered;

  @AfterEach
  void closeMeteredVertx() {
    if (metered != null) {
      await(metered.close());
    }
  }

  @Test
  void gaugesFollowSocketsAndSessionsInAndOut() throws InterruptedException {
    metered = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
      .withMetrics(new MicrometerMetricsFactory(registry))
      .build();
    GatewayVerticle node = new GatewayVerticle();
    await(metered.deployVerticle(node, new DeploymentOptions().setConfig(baseConfig())));
    WebSocketClient clients = TestClient.newWebSocketClient(metered);

    TestClient tom = TestClient.connect(clients, node.actualPort());
    tom.open(APP_ID, uniqueId("Tom"));
    TestClient idle = TestClient.connect(clients, node.actualPort());
    awaitGauges(node, 2, 1);

    tom.close();
    awaitGauges(node, 1, 0);
    idle.close();
    awaitGauges(node, 0, 0);
  }

  private void awaitGauges(GatewayVerticle node, double connections, double sessions) throws InterruptedException {
    for (int attempt = 0; attempt < 100 && !(gauge(node, GatewayMeters.CONNECTIONS) == connections
      && gauge(node, GatewayMeters.SESSIONS) == sessions); attempt++) {
      Thread.sleep(20); // the counts change on the gateway's event loop
    }
    assertThat(gauge(node, GatewayMeters.CONNECTIONS)).isEqualTo(connections);
    assertThat(gauge(node, GatewayMeters.SESSIONS)).isEqualTo(sessions);
  }

  private double gauge(GatewayVerticle node, String name) {
    Gauge gauge = registry.find(name).tag("node", node.nodeId()).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }
}
