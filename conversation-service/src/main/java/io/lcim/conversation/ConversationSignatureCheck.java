package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.Signatures;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code IM_CONVERSATION_SIGNATURE=on}, the gate in front of {@code conv/start}, {@code add} and {@code remove}
 * (joins and quits included): the command must carry a signature of the app's server over exactly what it asks
 * (docs/protocol.md §3.1, §3.6, §3.8), or it fails with 4302 before anything is read, written or pushed.
 */
final class ConversationSignatureCheck {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationSignatureCheck.class);

  private final boolean required;
  private final Signatures signatures;

  ConversationSignatureCheck(boolean required, Signatures signatures) {
    this.required = required;
    this.signatures = signatures;
  }

  /** Succeeds when {@code op} needs no signature or carries a valid one; fails with 4302 otherwise. */
  Future<Void> check(ServiceRequest request, OpType op, ConvCommand conv) {
    if (!required || (op != OpType.start && op != OpType.add && op != OpType.remove)) {
      return Future.succeededFuture();
    }
    Signatures.Signed signed = new Signatures.Signed(conv.hasT() ? conv.getT() : null,
      conv.hasN() ? conv.getN() : null, conv.hasS() ? conv.getS() : null);
    // Signed is what the SDK sent and the app's server saw: `m` as requested (the SDK sorts it; so does signing).
    Future<Boolean> valid = switch (op) {
      case start -> signatures.verifyStart(request.clientId(), conv.getMList(), signed);
      case add -> signatures.verifyMembership(request.clientId(), conv.getCid(), conv.getMList(),
        Signatures.MembershipAction.ADD, signed);
      default -> signatures.verifyMembership(request.clientId(), conv.getCid(), conv.getMList(),
        Signatures.MembershipAction.REMOVE, signed);
    };
    return valid.recover(failure -> {
      LOG.warn("Could not check a conversation signature's nonce; refusing the command", failure);
      return Future.succeededFuture(false);
    }).compose(ok -> ok ? Future.succeededFuture()
      : Future.failedFuture(ServiceErrors.error(ErrorCode.CONVERSATION_SIGNATURE_FAILED,
        "conversation signature mismatch")));
  }
}
