package io.lcim.gateway;

import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Future;

/** Writing responses: a response carries the request's {@code i}; a request without {@code i} gets none. */
final class Replies {

  private Replies() {
  }

  /** {@code i = 0} counts as "no i" for the SDK too. */
  static boolean expectsResponse(GenericCommand request) {
    return request.hasI() && request.getI() != 0;
  }

  static Future<Void> respond(ClientConnection connection, GenericCommand request, GenericCommand response) {
    if (!expectsResponse(request)) {
      return Future.succeededFuture();
    }
    return connection.write(response.toBuilder().setI(request.getI()).build());
  }

  static Future<Void> error(ClientConnection connection, GenericCommand request, ErrorCode code, String detail) {
    return respond(connection, request, Commands.error(code, detail));
  }

  static Future<Void> error(ClientConnection connection, GenericCommand request, ServiceErrors.ProtocolException e) {
    return respond(connection, request, Commands.error(e));
  }
}
