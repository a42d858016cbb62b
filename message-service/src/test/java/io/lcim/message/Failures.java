package io.lcim.message;

import io.lcim.common.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** Expectations on requests that must fail with a protocol error. */
final class Failures {

  private Failures() {
  }

  /** Succeeds with the failure's message when {@code request} failed with {@code code}; fails otherwise. */
  static Future<String> expectError(Future<?> request, ErrorCode code) {
    return request.transform(result -> {
      if (result.succeeded()) {
        return Future.failedFuture(new AssertionError("expected " + code + " but got " + result.result()));
      }
      if (!(result.cause() instanceof ReplyException re) || re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
        return Future.failedFuture(new AssertionError("expected " + code + " but failed with " + result.cause(),
          result.cause()));
      }
      if (re.failureCode() != code.code()) {
        return Future.failedFuture(new AssertionError("expected " + code + " (" + code.code() + ") but got code "
          + re.failureCode() + ": " + re.getMessage()));
      }
      return Future.succeededFuture(re.getMessage());
    });
  }
}
