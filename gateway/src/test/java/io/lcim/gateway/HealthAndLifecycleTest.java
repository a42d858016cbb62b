package io.lcim.gateway;

import io.lcim.common.Addresses;
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
  void healthIsUpWhenRedisAndBothServicesAnswer() {
    fakeHealth("conversation", new JsonObject().put("status", "UP"));
    fakeHealth("message", new JsonObject().put("status", "UP"));

    HttpResult health = get(port, "/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("UP");
  }

  @Test
  void healthIsDownWhenAServiceIsMissing() {
    fakeHealth("conversation", new JsonObject().put("status", "UP"));

    HttpResult health = get(port, "/health");

    assertThat(health.status()).isEqualTo(503);
    assertThat(health.body()).contains("message-service");
  }

  @Test
  void healthIsDownWhenAServiceReportsItselfDown() {
    fakeHealth("conversation", new JsonObject().put("status", "DOWN"));
    fakeHealth("message", new JsonObject().put("status", "UP"));

    assertThat(get(port, "/health").status()).isEqualTo(503);
  }

  @Test
  void withoutRedisHealthIsDownAndLoginsFailCleanly() throws IOException {
    fakeHealth("conversation", new JsonObject().put("status", "UP"));
    fakeHealth("message", new JsonObject().put("status", "UP"));
    int deadPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = probe.getLocalPort();
    }
    GatewayVerticle noRedis = new GatewayVerticle();
    await(vertx.deployVerticle(noRedis, new DeploymentOptions().setConfig(baseConfig()
      .put(StoresConfig.REDIS_URI, "redis://127.0.0.1:" + deadPort))));
    TestClient client = TestClient.connect(webSockets, noRedis.actualPort());

    HttpResult health = get(noRedis.actualPort(), "/health");
    GenericCommand login = client.open(APP_ID, uniqueId("Tom"));

    assertThat(health.status()).isEqualTo(503);
    assertThat(health.body()).contains("redis");
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

  private void fakeHealth(String service, JsonObject reply) {
    await(vertx.eventBus().consumer(Addresses.health(service), message -> message.reply(reply)).completion());
  }

  private HttpResult get(int port, String path) {
    return await(http.request(HttpMethod.GET, port, "127.0.0.1", path)
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> new HttpResult(response.statusCode(), body.toString()))));
  }
}
