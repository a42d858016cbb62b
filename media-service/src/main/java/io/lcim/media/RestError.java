package io.lcim.media;

/**
 * The errors the media routes answer with, as the storage SDK expects them: a JSON body {@code {"code", "error"}}
 * with a non-2xx status. Codes are LeanCloud's where it has one (101, 105, 107, 119, 401), else the HTTP status.
 */
enum RestError {
  INVALID_JSON(400, 107, "Malformed json object. A json dictionary is expected."),
  INVALID_KEY(400, 105, "Invalid key name."),
  INVALID_PARAMETER(400, 107, "Invalid parameter."),
  UNAUTHORIZED(401, 401, "Unauthorized."),
  MASTER_KEY_REQUIRED(403, 119, "The operation requires the master key."),
  UPLOAD_TOKEN_INVALID(401, 401, "Invalid upload token."),
  UPLOAD_TOKEN_EXPIRED(401, 401, "Upload token expired."),
  UPLOAD_TOKEN_USED(403, 403, "Upload token already used."),
  UPLOAD_IN_PROGRESS(403, 403, "An upload with this token is in progress."),
  NOT_FOUND(404, 101, "Object not found."),
  TOO_LARGE(413, 413, "File too large."),
  RANGE_NOT_SATISFIABLE(416, 416, "Requested range not satisfiable."),
  NOT_AN_IMAGE(400, 400, "Not a supported image."),
  INTERNAL(500, 1, "Internal server error.");

  private final int status;
  private final int code;
  private final String message;

  RestError(int status, int code, String message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  int status() {
    return status;
  }

  int code() {
    return code;
  }

  String message() {
    return message;
  }

  /** The error as a failure, to end a future chain with. */
  RestException exception(String detail) {
    return new RestException(this, detail);
  }

  RestException exception() {
    return new RestException(this, null);
  }

  /** A failure carrying the error a route answers with; {@code detail} only refines the message. */
  static final class RestException extends RuntimeException {
    private final RestError error;

    RestException(RestError error, String detail) {
      super(detail == null ? error.message : error.message + " " + detail, null, false, false);
      this.error = error;
    }

    RestError error() {
      return error;
    }
  }
}
