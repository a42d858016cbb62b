package io.lcim.media;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;

/** Reading and checking the JSON bodies of the file REST routes. */
final class RequestBodies {

  private static final int MAX_DEPTH = 16;
  private static final int MAX_URL_LENGTH = 4096;

  private RequestBodies() {
  }

  /** The body as a JSON object (an empty body counts as {}). */
  static JsonObject object(RoutingContext ctx) {
    if (ctx.body().length() == 0) {
      return new JsonObject();
    }
    try {
      Object value = ctx.body().asJsonObject();
      if (value == null) {
        throw RestError.INVALID_JSON.exception();
      }
      return (JsonObject) value;
    } catch (DecodeException | ClassCastException e) {
      throw RestError.INVALID_JSON.exception();
    }
  }

  static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw RestError.INVALID_PARAMETER.exception("'" + field + "' must be a string.");
    }
    return (String) value;
  }

  /**
   * A copy of the app's {@code metaData} (absent means empty) whose keys MongoDB stores as they are: no key may
   * start with '$' or contain '.' or NUL.
   */
  static JsonObject metaData(JsonObject body) {
    Object value = body.getValue("metaData");
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject json)) {
      throw RestError.INVALID_PARAMETER.exception("'metaData' must be an object.");
    }
    checkKeys(json, 0);
    return json.copy();
  }

  /** An absolute http(s) URL. */
  static String externalUrl(JsonObject body) {
    String url = optionalString(body, "url");
    if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
      throw RestError.INVALID_PARAMETER.exception("'url' must be an http(s) URL.");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
        throw RestError.INVALID_PARAMETER.exception("'url' must be an http(s) URL.");
      }
    } catch (URISyntaxException e) {
      throw RestError.INVALID_PARAMETER.exception("'url' must be an http(s) URL.");
    }
    return url;
  }

  private static void checkKeys(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw RestError.INVALID_PARAMETER.exception("'metaData' is nested too deeply.");
    }
    if (value instanceof JsonObject json) {
      for (String key : json.fieldNames()) {
        if (key.isEmpty() || key.startsWith("$") || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0) {
          throw RestError.INVALID_KEY.exception("'" + key.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        checkKeys(json.getValue(key), depth + 1);
      }
    } else if (value instanceof JsonArray array) {
      for (Object item : array) {
        checkKeys(item, depth + 1);
      }
    }
  }
}
