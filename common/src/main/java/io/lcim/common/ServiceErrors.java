package io.lcim.common;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * How services report a protocol error to the gateway: an event-bus failure whose code is the LeanCloud error code
 * and whose message is {@code REASON} or {@code REASON: detail}. Anything else arriving at the gateway is an
 * internal error.
 */
public final class ServiceErrors {

  private ServiceErrors() {
  }

  /** A protocol error raised inside a service; compose futures with it and turn it into a reply with {@link #reply}. */
  public static final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final String detail;

    public ProtocolException(ErrorCode code, String detail) {
      super(detail == null ? code.name() : code.name() + ": " + detail, null, false, false);
      this.code = code;
      this.detail = detail;
    }

    public ErrorCode code() {
      return code;
    }

    public String detail() {
      return detail;
    }
  }

  public static ProtocolException error(ErrorCode code, String detail) {
    return new ProtocolException(code, detail);
  }

  /** Fails {@code message} with the protocol error, or with INTERNAL_ERROR for anything unexpected. */
  public static void reply(Message<?> message, Throwable failure) {
    if (failure instanceof ProtocolException pe) {
      message.fail(pe.code().code(), pe.getMessage());
    } else {
      message.fail(ErrorCode.INTERNAL_ERROR.code(), ErrorCode.INTERNAL_ERROR.name());
    }
  }

  /**
   * The protocol error carried by an event-bus failure as seen by the requester. Missing handlers and time-outs
   * become INTERNAL_ERROR with a detail saying the service is unavailable, so clients fail fast.
   */
  public static ProtocolException fromReplyFailure(Throwable failure) {
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        ErrorCode code = ErrorCode.byCode(re.failureCode());
        if (code != null) {
          String msg = re.getMessage() == null ? "" : re.getMessage();
          int colon = msg.indexOf(": ");
          return new ProtocolException(code, colon >= 0 ? msg.substring(colon + 2) : null);
        }
        return new ProtocolException(ErrorCode.INTERNAL_ERROR, null);
      }
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return new ProtocolException(ErrorCode.INTERNAL_ERROR, "service unavailable");
      }
      return new ProtocolException(ErrorCode.INTERNAL_ERROR, "service timed out");
    }
    if (failure instanceof ProtocolException pe) {
      return pe;
    }
    return new ProtocolException(ErrorCode.INTERNAL_ERROR, null);
  }
}
