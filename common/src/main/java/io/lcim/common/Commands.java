package io.lcim.common;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ErrorCommand;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.buffer.Buffer;

/** Small helpers for building and (de)serialising {@link GenericCommand}s. */
public final class Commands {

  private Commands() {
  }

  public static Buffer toBuffer(GenericCommand command) {
    return Buffer.buffer(command.toByteArray());
  }

  public static GenericCommand parse(Buffer buffer) {
    try {
      return GenericCommand.parseFrom(buffer.getBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a GenericCommand", e);
    }
  }

  /** An {@code error} command; both required fields of ErrorCommand are always set. */
  public static GenericCommand error(ErrorCode code, String detail) {
    ErrorCommand.Builder error = ErrorCommand.newBuilder().setCode(code.code()).setReason(code.name());
    if (detail != null && !detail.isEmpty()) {
      error.setDetail(detail);
    }
    return GenericCommand.newBuilder().setCmd(CommandType.error).setErrorMessage(error).build();
  }

  public static GenericCommand error(ServiceErrors.ProtocolException e) {
    return error(e.code(), e.detail());
  }
}
