package io.lcim.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.buffer.Buffer;

import java.util.Base64;

/** Turns WebSocket messages into {@link GenericCommand}s and back. */
final class FrameCodec {

  private FrameCodec() {
  }

  /**
   * A decoded client frame: the command and its protobuf bytes (forwarded to services unchanged), or why it could
   * not be read plus the serial id when one could still be recovered (0 if none).
   */
  record Decoded(GenericCommand command, byte[] bytes, String failure, int serial) {

    static Decoded ok(GenericCommand command, byte[] bytes) {
      return new Decoded(command, bytes, null, 0);
    }

    static Decoded failed(String failure, int serial) {
      return new Decoded(null, null, failure, serial);
    }

    boolean isOk() {
      return failure == null;
    }
  }

  /**
   * Decodes by the frame's own type rather than the negotiated format: the SDK itself reads text frames as base64
   * even in binary mode, and being lenient here costs nothing.
   */
  static Decoded decode(Buffer payload, boolean text) {
    byte[] bytes;
    if (text) {
      try {
        bytes = Base64.getDecoder().decode(payload.toString().trim());
      } catch (IllegalArgumentException e) {
        return Decoded.failed("text frame is not base64", 0);
      }
    } else {
      bytes = payload.getBytes();
    }
    GenericCommand command;
    try {
      command = GenericCommand.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return Decoded.failed("not a GenericCommand", serialOf(e.getUnfinishedMessage()));
    }
    if (!command.hasCmd()) {
      return Decoded.failed("missing or unknown cmd", command.getI());
    }
    return Decoded.ok(command, bytes);
  }

  static Buffer encodeBinary(GenericCommand command) {
    return Buffer.buffer(command.toByteArray());
  }

  static String encodeText(GenericCommand command) {
    return Base64.getEncoder().encodeToString(command.toByteArray());
  }

  /** The {@code i} of a frame that failed to parse, when it was read before the damage. */
  private static int serialOf(MessageLite partial) {
    return partial instanceof GenericCommand command ? command.getI() : 0;
  }
}
