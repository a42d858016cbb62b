package io.lcim.message;

import io.lcim.common.ErrorCode;

/**
 * An error of the HTTP history API, answered as the LeanCloud SDKs parse them (docs/storage-and-rest.md §1.2): a
 * non-2xx status with the JSON body {@code {"code": …, "error": "…"}}.
 *
 * @param status  the HTTP status
 * @param code    LeanCloud's error code
 */
record HttpApiError(int status, int code, String message) {

  static final HttpApiError UNAUTHORIZED = new HttpApiError(401, 401, "Unauthorized.");
  static final HttpApiError INTERNAL = new HttpApiError(500, 1, "Internal server error.");

  /** A query parameter that cannot be read (code 107, as media-service answers invalid parameters). */
  static HttpApiError invalidParameter(String detail) {
    return new HttpApiError(400, 107, "Invalid parameter. " + detail);
  }

  /** The docs do not say what LeanCloud answers for an unknown conversation; we answer 404 with 4303. */
  static HttpApiError conversationNotFound(String cid) {
    return new HttpApiError(404, ErrorCode.CONVERSATION_NOT_FOUND.code(), "Conversation not found: " + cid);
  }

  Failure failure() {
    return new Failure(this);
  }

  /** The error as a failure, to end a future chain or a parse with. */
  static final class Failure extends RuntimeException {
    private final HttpApiError error;

    private Failure(HttpApiError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }

    HttpApiError error() {
      return error;
    }
  }
}
