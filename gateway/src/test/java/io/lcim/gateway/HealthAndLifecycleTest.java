package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.HealthEndpoints;
import io.lcim.common.ErrorCode;
import io.lcim.common.StoresConfig;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HealthAndLifecycleTest extends GatewayTestBase {

  record HttpResult(int status, String body) {
  }

  private HttpClient http;
  /** A field, not a local: Vert.x closes clients that become garbage. */
  private NetClient rawClient;

  @BeforeEach
  void createHttpClient() {
    http = vertx.createHttpClient();
  }

  @Test
  void readyWhenRedisAndBothServicesAnswer() {
    fakeHealth("conversation", true);
    fakeHealth("message", true);

    HttpResult readiness = get(port, "/readiness");

    assertThat(readiness.status()).isEqualTo(200);
    assertThat(new JsonObject(readiness.body()).getString("status")).isEqualTo("UP");
    assertThat(get(port, "/health").status()).isEqualTo(200);
  }

  @Test
  void notReadyButAliveWhenAServiceIsMissing() {
    fakeHealth("conversation", true);

    HttpResult readiness = get(port, "/readiness");

    assertThat(readiness.status()).isEqualTo(503);
    assertThat(readiness.body()).contains("message-service");
    // Liveness never follows the dependencies: a service outage must not restart the gateway.
    assertThat(get(port, "/health").status()).isEqualTo(200);
  }

  @Test
  void notReadyWhenAServiceReportsItselfNotReady() {
    fakeHealth("conversation", false);
    fakeHealth("message", true);

    HttpResult readiness = get(port, "/readiness");

    assertThat(readiness.status()).isEqualTo(503);
    assertThat(readiness.body()).contains("conversation-service");
  }

  @Test
  void withoutRedisNotReadyButAliveAndLoginsFailCleanly() throws IOException {
    fakeHealth("conversation", true);
    fakeHealth("message", true);
    int deadPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = probe.getLocalPort();
    }
    GatewayVerticle noRedis = new GatewayVerticle();
    await(vertx.deployVerticle(noRedis, new DeploymentOptions().setConfig(baseConfig()
      .put(StoresConfig.REDIS_URI, "redis://127.0.0.1:" + deadPort))));
    TestClient client = TestClient.connect(webSockets, noRedis.actualPort());

    HttpResult readiness = get(noRedis.actualPort(), "/readiness");
    GenericCommand login = client.open(APP_ID, uniqueId("Tom"));

    assertThat(readiness.status()).isEqualTo(503);
    assertThat(readiness.body()).contains("redis");
    assertThat(get(noRedis.actualPort(), "/health").status()).isEqualTo(200);
    SessionTest.assertError(login, ErrorCode.INTERNAL_ERROR, 1);
    SessionTest.assertError(client.request(SessionTest.conv()), ErrorCode.SESSION_REQUIRED, 2);
  }

  @Test
  void extraRoutesAreServedOnTheSamePort() {
    GatewayVerticle withMedia = new GatewayVerticle(router -> router.get("/extra")
      .handler(ctx -> ctx.response().end("mounted")));
    await(vertx.deployVerticle(withMedia, new DeploymentOptions().setConfig(baseConfig())));

    HttpResult extra = get(withMedia.actualPort(), "/extra");
    TestClient client = TestClient.connect(webSockets, withMedia.actualPort());

    assertThat(extra.status()).isEqualTo(200);
    assertThat(extra.body()).isEqualTo("mounted");
    assertThat(client.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build()).getCmd())
      .isEqualTo(CommandType.echo);
  }

  @Test
  void stoppingSendsGoawayClosesSocketsAndRemovesPresence() {
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    TestClient shared = loggedIn(tom);
    shared.open(APP_ID, jerry);
    TestClient idle = connect();

    await(vertx.undeploy(gateway.deploymentID()));

    for (TestClient client : new TestClient[]{shared, idle}) {
      GenericCommand goaway = client.nextPush();
      assertThat(goaway.getCmd()).isEqualTo(CommandType.goaway);
      assertThat(goaway.hasI()).isFalse();
      client.awaitClose();
    }
    assertThat(await(presence.online(List.of(tom, jerry)))).isEmpty();
  }

  @Test
  void stoppingDoesNotWaitForAClientThatNeverAnswersTheClose() {
    rawClient = vertx.createNetClient();
    NetSocket silent = await(rawClient.connect(port, "127.0.0.1"));
    Promise<Void> upgraded = Promise.promise();
    silent.handler(bytes -> upgraded.tryComplete());
    await(silent.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      + "Sec-WebSocket-Protocol: lc.protobuf2.3\r\n\r\n"));
    await(upgraded.future());

    // The raw socket reads the goaway and close frames but never sends the closing handshake back.
    await(vertx.undeploy(gateway.deploymentID()));
  }

  @Test
  void aPortInUseFailsTheDeploymentInsteadOfHanging() {
    Throwable failure = awaitFailure(vertx.deployVerticle(new GatewayVerticle(),
      new DeploymentOptions().setConfig(baseConfig().put("IM_PORT", String.valueOf(port)))));

    assertThat(failure).isInstanceOf(BindException.class);
  }

  /** A stand-in service answering its health address as {@link HealthEndpoints} does: UP, or a 503 failure. */
  private void fakeHealth(String service, boolean ready) {
    await(vertx.eventBus().consumer(Addresses.health(service), message -> {
      if (ready) {
        message.reply(new JsonObject().put("status", "UP"));
      } else {
        message.fail(HealthEndpoints.NOT_READY, "{\"status\":\"DOWN\"}");
      }
    }).completion());
  }

  private HttpResult get(int port, String path) {
    return await(http.request(HttpMethod.GET, port, "127.0.0.1", path)
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> new HttpResult(response.statusCode(), body.toString()))));
  }
}
