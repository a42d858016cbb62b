package io.lcim.media;

import io.lcim.common.AppCredentials;
import io.lcim.common.ConfigValues;
import io.lcim.common.StoresConfig;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Settings of the media service. Keys are environment variable names.
 *
 * @param stores           where MongoDB is (MONGO_URI, MONGO_DB)
 * @param credentials      the app id and keys requests must prove (IM_APP_ID, IM_APP_KEY, IM_MASTER_KEY); the
 *                         master key also signs upload tokens
 * @param host             {@code IM_MEDIA_HOST}: address of the service's own HTTP server (clustered deployments)
 * @param port             {@code IM_MEDIA_PORT}: its port (0 picks a free one, for tests)
 * @param publicUrl        {@code IM_PUBLIC_URL}: base URL put into file urls and upload urls, without trailing
 *                         slash; null derives it from each request's Host and X-Forwarded-Proto headers
 * @param maxUploadBytes   {@code IM_MAX_UPLOAD_BYTES}: larger uploads are refused with 413
 * @param uploadTokenTtl   {@code IM_UPLOAD_TOKEN_TTL_SECONDS}: how long an upload url may be used
 * @param legacyFileUrls   {@code IM_LEGACY_FILE_URLS}: files stored before urls carried a secret stay downloadable
 *                         at their old url, by object id alone ({@link PublicUrls}); on by default so that old
 *                         messages keep their images, turn it off once they no longer matter
 */
public record MediaConfig(StoresConfig stores, AppCredentials credentials, String host, int port, String publicUrl,
                          long maxUploadBytes, Duration uploadTokenTtl, boolean legacyFileUrls) {

  public static final String HOST = "IM_MEDIA_HOST";
  public static final String PORT = "IM_MEDIA_PORT";
  public static final String PUBLIC_URL = "IM_PUBLIC_URL";
  public static final String MAX_UPLOAD_BYTES = "IM_MAX_UPLOAD_BYTES";
  public static final String UPLOAD_TOKEN_TTL_SECONDS = "IM_UPLOAD_TOKEN_TTL_SECONDS";
  public static final String LEGACY_FILE_URLS = "IM_LEGACY_FILE_URLS";

  public MediaConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT + " must be between 0 and 65535, got " + port);
    }
    if (maxUploadBytes <= 0) {
      throw new IllegalArgumentException(MAX_UPLOAD_BYTES + " must be positive, got " + maxUploadBytes);
    }
    if (uploadTokenTtl.isNegative() || uploadTokenTtl.isZero()) {
      throw new IllegalArgumentException(UPLOAD_TOKEN_TTL_SECONDS + " must be positive, got "
        + uploadTokenTtl.toSeconds());
    }
    publicUrl = publicUrl == null ? null : checkedBaseUrl(publicUrl);
  }

  public static MediaConfig from(JsonObject config) {
    return new MediaConfig(
      StoresConfig.from(config),
      AppCredentials.from(config),
      ConfigValues.string(config, HOST, "0.0.0.0"),
      ConfigValues.integer(config, PORT, 8081),
      ConfigValues.string(config, PUBLIC_URL, null),
      ConfigValues.longValue(config, MAX_UPLOAD_BYTES, 20L * 1024 * 1024),
      Duration.ofSeconds(ConfigValues.longValue(config, UPLOAD_TOKEN_TTL_SECONDS, 3600)),
      ConfigValues.onOff(config, LEGACY_FILE_URLS, true));
  }

  /** An absolute http(s) URL with no query or fragment; a trailing slash is dropped so paths can be appended. */
  private static String checkedBaseUrl(String value) {
    try {
      URI uri = new URI(value);
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(PUBLIC_URL + " must be an http(s) URL without query, got '" + value + "'");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(PUBLIC_URL + " is not a URL: '" + value + "'", e);
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}
