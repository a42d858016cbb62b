package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reading the fields of a client's {@code convMessage}, and building {@code cmd: conv} replies and pushes. */
final class ConvMessages {

  private ConvMessages() {
  }

  /** A {@code conv} command (reply or push; the gateway adds {@code i} or {@code peerId}). */
  static GenericCommand conv(OpType op, ConvCommand.Builder convMessage) {
    return GenericCommand.newBuilder().setCmd(CommandType.conv).setOp(op).setConvMessage(convMessage).build();
  }

  static String requireCid(ConvCommand conv) {
    if (!conv.hasCid() || conv.getCid().isBlank()) {
      throw invalid("missing cid");
    }
    return conv.getCid();
  }

  /** The distinct client ids of {@code m}, in request order; at least one, none blank. */
  static List<String> requireMembers(ConvCommand conv) {
    List<String> members = distinctMembers(conv.getMList());
    if (members.isEmpty()) {
      throw invalid("missing m");
    }
    return members;
  }

  static List<String> distinctMembers(List<String> ids) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null || id.isBlank()) {
        throw invalid("m contains an empty client id");
      }
      distinct.add(id);
    }
    return new ArrayList<>(distinct);
  }

  static ServiceErrors.ProtocolException invalid(String detail) {
    return ServiceErrors.error(ErrorCode.CONVERSATION_API_FAILED, detail);
  }

  static ServiceErrors.ProtocolException notFound(String cid) {
    return ServiceErrors.error(ErrorCode.CONVERSATION_NOT_FOUND, "conversation " + cid + " not found");
  }

  static ServiceErrors.ProtocolException membershipRequired(String cid) {
    return ServiceErrors.error(ErrorCode.CONVERSATION_MEMBERSHIP_REQUIRED,
      "only members of " + cid + " may do this");
  }
}
