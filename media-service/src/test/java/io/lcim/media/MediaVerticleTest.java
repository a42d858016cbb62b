package io.lcim.media;

import io.lcim.common.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The media service's own server (clustered deployments): health and the configured public URL. */
class MediaVerticleTest extends MediaTestBase {

  @BeforeAll
  static void start() throws Exception {
    startServer(new JsonObject().put(MediaConfig.PUBLIC_URL, "https://files.example.com/im/"));
  }

  @Test
  void readyWhileMongoAnswers(VertxTestContext test) {
    expect(test, () -> http.get(port, "127.0.0.1", "/readiness").send().map(response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(body.getJsonArray("checks").getJsonObject(0).getString("id")).isEqualTo("mongo");
      return null;
    }));
  }

  @Test
  void answersItsEventBusHealthAddress(VertxTestContext test) {
    expect(test, () -> serverVertx.eventBus().request(Addresses.health(Addresses.MEDIA_SERVICE), null)
      .map(reply -> {
        assertThat(reply.body()).isEqualTo(new JsonObject().put("status", "UP"));
        return null;
      }));
  }

  @Test
  void configuredPublicUrlPrefixesUrls(VertxTestContext test) {
    expect(test, () -> fileToken("p.png").map(token -> {
      assertThat(token.getString("url")).startsWith("https://files.example.com/im/files/"
        + token.getString("objectId") + "/").endsWith("/p.png");
      assertThat(token.getString("upload_url")).startsWith("https://files.example.com/im/uploads/");
      return null;
    }));
  }
}
