package io.lcim.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The WebSocket subprotocols the SDKs ask for: {@code lc.<format>.<version>}. Version 1 asks for stored offline
 * messages at login instead of unread counts; the frame format is the same for both versions.
 */
public enum WireProtocol {
  PROTOBUF_3("lc.protobuf2.3", false, 3),
  PROTOBUF_1("lc.protobuf2.1", false, 1),
  BASE64_3("lc.proto2base64.3", true, 3),
  BASE64_1("lc.proto2base64.1", true, 1);

  /** What a client that names no protocol at all gets. */
  public static final WireProtocol DEFAULT = PROTOBUF_3;

  /** The query parameter WeChat mini-programs use instead of the header. */
  static final String QUERY_PARAMETER = "subprotocol";

  private final String subProtocol;
  private final boolean base64Text;
  private final int version;

  WireProtocol(String subProtocol, boolean base64Text, int version) {
    this.subProtocol = subProtocol;
    this.base64Text = base64Text;
    this.version = version;
  }

  public String subProtocol() {
    return subProtocol;
  }

  /** True for text frames carrying base64, false for binary frames carrying the protobuf bytes. */
  public boolean base64Text() {
    return base64Text;
  }

  public int version() {
    return version;
  }

  public static List<String> subProtocols() {
    return Arrays.stream(values()).map(WireProtocol::subProtocol).toList();
  }

  public static Optional<WireProtocol> bySubProtocol(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String trimmed = name.trim();
    return Arrays.stream(values()).filter(p -> p.subProtocol.equals(trimmed)).findFirst();
  }

  /**
   * What a handshake asks for: the first known entry of the {@code Sec-WebSocket-Protocol} header, else the
   * {@code subprotocol} query parameter. Empty when the client named protocols but none we speak; {@link #DEFAULT}
   * when it named none.
   */
  public static Optional<WireProtocol> negotiate(String protocolHeader, String query) {
    if (protocolHeader != null && !protocolHeader.isBlank()) {
      return Arrays.stream(protocolHeader.split(",")).map(WireProtocol::bySubProtocol)
        .flatMap(Optional::stream).findFirst();
    }
    String requested = queryParameter(query, QUERY_PARAMETER);
    if (requested != null) {
      return bySubProtocol(requested);
    }
    return Optional.of(DEFAULT);
  }

  static String queryParameter(String query, String name) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(key).equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
