package io.lcim.media;

import io.lcim.media.RestError.RestException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writing JSON answers and errors the way the SDK parses them. */
final class Responses {

  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
  private static final String JSON = "application/json; charset=utf-8";

  private Responses() {
  }

  static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      return Future.succeededFuture();
    }
    return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  static Future<Void> error(RoutingContext ctx, RestError error, String message) {
    return json(ctx, error.status(), new JsonObject().put("code", error.code()).put("error", message));
  }

  static Future<Void> error(RoutingContext ctx, RestError error) {
    return error(ctx, error, error.message());
  }

  /** Answers a failed route: its RestError, else a generic 500 (the cause is logged, never sent). */
  static Future<Void> failure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof RestException rest) {
      return error(ctx, rest.error(), rest.getMessage());
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    return error(ctx, RestError.INTERNAL);
  }

  /**
   * The failure handler of every media route. vertx-web's own 4xx (a body over the limit, an invalid Host header)
   * keep their status; anything else unexpected is a 500.
   */
  static void routeFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof RestException) {
      failure(ctx, failure);
    } else if (status == 413) {
      error(ctx, RestError.TOO_LARGE);
    } else if (status >= 400 && status < 500) {
      json(ctx, status, new JsonObject().put("code", status)
        .put("error", failure == null ? RestError.INVALID_PARAMETER.message()
          : "Bad request: " + failure.getMessage()));
    } else {
      failure(ctx, failure == null ? new IllegalStateException("status " + status) : failure);
    }
  }
}
