package io.lcim.media;

import io.lcim.store.EmbeddedStores;
import io.lcim.common.StoresConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standalone mode: {@link MediaService#router()} mounted on another server's router (as the gateway's IM_PORT
 * server does), next to routes of its own; and the service's own server's {@code /health}.
 */
@ExtendWith(VertxExtension.class)
class MediaMountTest {

  private static EmbeddedStores stores;
  private static MediaService service;
  private static HttpServer server;
  private static WebClient http;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    stores = EmbeddedStores.startInMemory();
    MediaConfig config = MediaConfig.from(new JsonObject().put(StoresConfig.MONGO_URI, stores.mongoUri())
      .put("IM_APP_ID", MediaTestBase.APP_ID).put("IM_APP_KEY", MediaTestBase.APP_KEY));
    service = MediaTestBase.await(MediaService.create(vertx, config));
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.end("gateway health"));
    router.route("/*").subRouter(service.router());
    router.get("/").handler(ctx -> ctx.end("websocket endpoint"));
    server = MediaTestBase.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    MediaTestBase.await(server.close());
    MediaTestBase.await(service.close());
    stores.close();
  }

  @Test
  void mountedRoutesLeaveTheHostsRoutesAlone(VertxTestContext test) {
    int port = server.actualPort();
    MediaTestBase.expect(test, () -> http.get(port, "127.0.0.1", "/health").send().compose(health -> {
      assertThat(health.bodyAsString()).isEqualTo("gateway health");
      return http.get(port, "127.0.0.1", "/").send();
    }).compose(root -> {
      assertThat(root.bodyAsString()).isEqualTo("websocket endpoint");
      return http.post(port, "127.0.0.1", "/1.1/fileTokens").putHeader("X-LC-Id", MediaTestBase.APP_ID)
        .putHeader("X-LC-Key", MediaTestBase.APP_KEY).sendJsonObject(new JsonObject().put("name", "m.txt"));
    }).compose(token -> {
      assertThat(token.statusCode()).isEqualTo(200);
      JsonObject body = token.bodyAsJsonObject();
      assertThat(body.getString("upload_url")).startsWith("http://127.0.0.1:" + port + "/uploads/");
      return http.putAbs(body.getString("upload_url")).sendBuffer(Buffer.buffer("mounted"))
        .compose(put -> http.getAbs(body.getString("url")).send());
    }).map(download -> {
      assertThat(download.bodyAsString()).isEqualTo("mounted");
      return null;
    }));
  }
}
