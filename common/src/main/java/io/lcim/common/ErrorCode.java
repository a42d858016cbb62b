package io.lcim.common;

/**
 * LeanCloud realtime error codes we answer with. The enum name is sent as {@code ErrorCommand.reason}, which the SDK
 * turns into {@code error.name} and {@code error.message}, as LeanCloud does.
 */
public enum ErrorCode {
  APP_NOT_AVAILABLE(4100),
  SIGNATURE_FAILED(4102),
  INVALID_LOGIN(4103),
  SESSION_REQUIRED(4105),
  READ_TIMEOUT(4107),
  LOGIN_TIMEOUT(4108),
  FRAME_TOO_LONG(4109),
  INVALID_ORIGIN(4110),
  SESSION_CONFLICT(4111),
  SESSION_TOKEN_EXPIRED(4112),
  APP_QUOTA_EXCEEDED(4113),
  UNPARSEABLE_RAW_MESSAGE(4114),
  KICKED_BY_APP(4115),
  INTERNAL_ERROR(4200),
  CONVERSATION_API_FAILED(4301),
  CONVERSATION_SIGNATURE_FAILED(4302),
  CONVERSATION_NOT_FOUND(4303),
  CONVERSATION_FULL(4304),
  CONVERSATION_REJECTED_BY_APP(4305),
  CONVERSATION_UPDATE_FAILED(4306),
  CONVERSATION_QUERY_FAILED(4310),
  CONVERSATION_LOG_FAILED(4311),
  CONVERSATION_LOG_REJECTED(4312),
  CONVERSATION_MEMBERSHIP_REQUIRED(4317),
  CONVERSATION_OPERATION_UNAUTHORIZED(4320),
  INVALID_MESSAGING_TARGET(4401),
  MESSAGE_REJECTED_BY_APP(4402),
  MESSAGE_OWNERSHIP_REQUIRED(4403),
  MESSAGE_NOT_FOUND(4404);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ErrorCode byCode(int code) {
    for (ErrorCode e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return null;
  }
}
