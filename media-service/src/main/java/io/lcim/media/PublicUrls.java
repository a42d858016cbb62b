package io.lcim.media;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URLs of files and uploads: the base URL clients reach us at, and the one way a stored file's {@code key} and
 * {@code url} are built (docs/storage-and-rest.md §2). Importers of LeanCloud exports build theirs with
 * {@link #newUrlSecret()}, {@link #fileKey} and {@link #fileUrl}, so imported files get the same kind of url.
 *
 * <p>A file's url is {@code <base>/files/<objectId>/<secret>/<name>}. Object ids are guessable (time-ordered); the
 * secret, 128 random bits, is not: downloads without it, or with another, are 404. LeanCloud's file urls likewise
 * carry a random key. Files stored before secrets existed have none; they are served at their old
 * {@code /files/<objectId>/<name>} url only while {@code IM_LEGACY_FILE_URLS} is on.
 */
public final class PublicUrls {

  /** 16 bytes: the 128 random bits of a url secret (22 URL-safe base64 characters). */
  static final int SECRET_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  // A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port: nothing else may reach a URL.
  private static final Pattern HOST =
    Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}])");

  private final String configured;

  /** A new url secret: 128 random bits, URL-safe base64 without padding. */
  public static String newUrlSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A file's {@code key}, its url's path: {@code files/<objectId>/<secret>/<name as a path segment>}. */
  public static String fileKey(String objectId, String secret, String fileName) {
    return MediaService.DOWNLOAD_PATH.substring(1) + objectId + "/" + secret + "/" + FileNames.pathSegment(fileName);
  }

  /** A file's {@code url}: the base URL (no trailing slash) and its {@link #fileKey key}. */
  public static String fileUrl(String baseUrl, String fileKey) {
    return baseUrl + "/" + fileKey;
  }

  /** Whether a presented url secret is the record's, compared in constant time. */
  static boolean secretMatches(String expected, String presented) {
    return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
      presented.getBytes(StandardCharsets.UTF_8));
  }

  /** @param configured IM_PUBLIC_URL, or null to derive the base from each request */
  PublicUrls(String configured) {
    this.configured = configured;
  }

  /**
   * IM_PUBLIC_URL when set, else {@code scheme://host[:port]} of the request: the scheme from X-Forwarded-Proto
   * (a TLS-terminating proxy) or the connection, the host from the Host header.
   *
   * @throws RestError.RestException INVALID_PARAMETER when the Host header is missing or malformed
   */
  String baseUrl(HttpServerRequest request) {
    if (configured != null) {
      return configured;
    }
    HostAndPort authority = authority(request);
    String host = authority == null ? null : authority.host();
    if (host != null && host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    if (host == null || !HOST.matcher(host).matches()) {
      throw RestError.INVALID_PARAMETER.exception("The Host header is missing or malformed.");
    }
    String scheme = scheme(request);
    int port = authority.port();
    boolean defaultPort = port < 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  /** The request's authority; null when Vert.x cannot parse its Host header. */
  private static HostAndPort authority(HttpServerRequest request) {
    try {
      return request.authority();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String scheme(HttpServerRequest request) {
    String forwarded = request.getHeader("X-Forwarded-Proto");
    if (forwarded != null) {
      String first = forwarded.split(",", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (first.equals("http") || first.equals("https")) {
        return first;
      }
    }
    return request.isSSL() ? "https" : "http";
  }
}
