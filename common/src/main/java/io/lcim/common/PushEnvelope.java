package io.lcim.common;

import io.lcim.common.proto.GenericCommand;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

import java.util.Collection;
import java.util.List;

/**
 * A push for some client ids, sent to {@link Addresses#gatewayNode(String)}. The body is the GenericCommand without
 * {@code peerId}; the gateway sets {@code peerId} per recipient session. {@code excludeSession} (optional) is the
 * session that caused the push and must not receive it (a sender never gets its own message back).
 */
public record PushEnvelope(List<String> recipients, GenericCommand command, String excludeSession) {

  static final String RECIPIENT = "x-to";
  static final String EXCLUDE_SESSION = "x-exclude-session";

  public static DeliveryOptions deliveryOptions(Collection<String> recipients, String excludeSession) {
    DeliveryOptions options = new DeliveryOptions();
    for (String r : recipients) {
      options.addHeader(RECIPIENT, r);
    }
    if (excludeSession != null) {
      options.addHeader(EXCLUDE_SESSION, excludeSession);
    }
    return options;
  }

  public static PushEnvelope from(Message<Buffer> message) {
    MultiMap headers = message.headers();
    return new PushEnvelope(List.copyOf(headers.getAll(RECIPIENT)), Commands.parse(message.body()),
      headers.get(EXCLUDE_SESSION));
  }
}
