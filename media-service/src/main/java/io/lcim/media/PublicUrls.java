package io.lcim.media;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.util.Locale;
import java.util.regex.Pattern;

/** The base URL clients reach us at, which file urls and upload urls start with. */
final class PublicUrls {

  // A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port: nothing else may reach a URL.
  private static final Pattern HOST =
    Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}])");

  private final String configured;

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
