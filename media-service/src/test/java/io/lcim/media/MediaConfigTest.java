package io.lcim.media;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaConfigTest {

  @Test
  void defaults() {
    MediaConfig config = MediaConfig.from(new JsonObject());
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(8081);
    assertThat(config.publicUrl()).isNull();
    assertThat(config.maxUploadBytes()).isEqualTo(20L * 1024 * 1024);
    assertThat(config.uploadTokenTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(config.credentials().usesDevelopmentKeys()).isTrue();
  }

  @Test
  void fromEnvironmentNames() {
    MediaConfig config = MediaConfig.from(new JsonObject()
      .put("IM_MEDIA_HOST", "127.0.0.1").put("IM_MEDIA_PORT", "9000")
      .put("IM_PUBLIC_URL", "https://im.example.com/").put("IM_MAX_UPLOAD_BYTES", "1000")
      .put("IM_UPLOAD_TOKEN_TTL_SECONDS", "60").put("IM_APP_ID", "app").put("IM_APP_KEY", "key")
      .put("IM_MASTER_KEY", "master").put("MONGO_DB", "files"));
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.publicUrl()).as("trailing slash dropped").isEqualTo("https://im.example.com");
    assertThat(config.maxUploadBytes()).isEqualTo(1000);
    assertThat(config.uploadTokenTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.credentials().appId()).isEqualTo("app");
    assertThat(config.stores().mongoDb()).isEqualTo("files");
  }

  @Test
  void badValuesAreRefused() {
    assertThatThrownBy(() -> MediaConfig.from(new JsonObject().put("IM_PUBLIC_URL", "ftp://x")))
      .hasMessageContaining("IM_PUBLIC_URL");
    assertThatThrownBy(() -> MediaConfig.from(new JsonObject().put("IM_PUBLIC_URL", "https://x/?a=b")))
      .hasMessageContaining("IM_PUBLIC_URL");
    assertThatThrownBy(() -> MediaConfig.from(new JsonObject().put("IM_MAX_UPLOAD_BYTES", "0")))
      .hasMessageContaining("IM_MAX_UPLOAD_BYTES");
    assertThatThrownBy(() -> MediaConfig.from(new JsonObject().put("IM_UPLOAD_TOKEN_TTL_SECONDS", "-1")))
      .hasMessageContaining("IM_UPLOAD_TOKEN_TTL_SECONDS");
    assertThatThrownBy(() -> MediaConfig.from(new JsonObject().put("IM_MEDIA_PORT", "70000")))
      .hasMessageContaining("IM_MEDIA_PORT");
  }
}
