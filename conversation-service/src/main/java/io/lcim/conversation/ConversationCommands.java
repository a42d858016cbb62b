package io.lcim.conversation;

import io.lcim.common.ClientCommands;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.PresenceRegistry;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.JsonObjectMessage;
import io.lcim.common.proto.OpType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.lcim.conversation.ConversationFields.*;

/**
 * Answers the {@code conv} commands the gateway forwards on {@code Addresses.CONVERSATION_COMMAND}: parses the
 * command, dispatches on {@code op}, and turns every failure into a protocol error reply, so that no input can make
 * an exception escape the handler.
 */
final class ConversationCommands {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationCommands.class);
  /** Most recently active first, as LeanCloud orders conversation queries by default. */
  private static final JsonObject DEFAULT_SORT = new JsonObject().put(LAST_MESSAGE_AT, -1).put(UPDATED_AT, -1);

  /** The types this service answers; equal to what {@link ClientCommands} forwards here (a test checks it). */
  static final Set<CommandType> HANDLED_COMMANDS = EnumSet.of(CommandType.conv);

  private final ConversationStore store;
  private final PresenceRegistry presence;
  private final ConversationConfig config;
  private final ConversationCreation creation;
  private final MembershipChanges membership;
  private final ConversationUpdates updates;
  private final ReceiptTimestampsLookup receipts;
  private final ConversationSignatureCheck signatures;

  ConversationCommands(ConversationStore store, PresenceRegistry presence, ConversationPushes pushes,
                       MembershipEvents events, ConversationConfig config, ReceiptTimestampsLookup receipts,
                       ConversationSignatureCheck signatures) {
    this.store = store;
    this.signatures = signatures;
    this.receipts = receipts;
    this.presence = presence;
    this.config = config;
    this.creation = new ConversationCreation(store, pushes, events, config);
    this.membership = new MembershipChanges(store, pushes, events, config);
    this.updates = new ConversationUpdates(store, pushes);
  }

  void handle(Message<Buffer> message) {
    Future<GenericCommand> reply;
    try {
      ServiceRequest request = ServiceRequest.fromHeaders(message.headers());
      GenericCommand command = Commands.parse(message.body());
      reply = dispatch(request, command);
    } catch (ServiceErrors.ProtocolException e) {
      reply = Future.failedFuture(e);
    } catch (IllegalArgumentException e) {
      reply = Future.failedFuture(ConvMessages.invalid(e.getMessage()));
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(result -> {
      if (result.succeeded()) {
        message.reply(Commands.toBuffer(result.result()));
      } else {
        if (!(result.cause() instanceof ServiceErrors.ProtocolException)) {
          LOG.error("conv command failed", result.cause());
        }
        ServiceErrors.reply(message, result.cause());
      }
    });
  }

  private Future<GenericCommand> dispatch(ServiceRequest request, GenericCommand command) {
    if (!HANDLED_COMMANDS.contains(command.getCmd())) {
      throw ServiceErrors.error(ErrorCode.CONVERSATION_API_FAILED, "cmd " + command.getCmd() + " is not supported");
    }
    ConvCommand conv = command.getConvMessage();
    return switch (command.getOp()) {
      case start -> signatures.check(request, command.getOp(), conv).compose(v -> creation.start(request, conv));
      case query -> query(request, conv);
      case add -> signatures.check(request, command.getOp(), conv).compose(v -> membership.add(request, conv));
      case remove -> signatures.check(request, command.getOp(), conv).compose(v -> membership.remove(request, conv));
      case update -> updates.update(request, conv);
      case mute -> updates.mute(request, conv, true);
      case unmute -> updates.mute(request, conv, false);
      case count -> count(conv);
      case max_read -> maxRead(request, conv);
      default -> throw ServiceErrors.error(ErrorCode.CONVERSATION_API_FAILED,
        "conv op " + command.getOp() + " is not supported");
    };
  }

  /**
   * {@code conv/query} (docs/protocol.md §3.7): open to anyone, members or not, when it names conversations by an
   * indexed field; other searches cover the client's own conversations ({@link ConversationQuery#scoped}).
   */
  private Future<GenericCommand> query(ServiceRequest request, ConvCommand conv) {
    if (conv.getTempConvIdsCount() > 0) {
      // Temporary conversations are not supported, so none exist.
      return Future.succeededFuture(results("[]"));
    }
    JsonObject filter = ConversationQuery.scoped(
      ConversationQuery.filter(conv.hasWhere() ? conv.getWhere().getData() : null), request.clientId());
    JsonObject sort = ConversationQuery.sort(conv.hasSort() ? conv.getSort() : null, DEFAULT_SORT);
    int limit = config.queryLimit(conv.getLimit());
    int skip = Math.max(0, conv.getSkip());
    int flag = conv.getFlag();
    return store.find(filter, sort, skip, limit)
      .recover(failure -> Future.failedFuture(ServiceErrors.error(ErrorCode.CONVERSATION_QUERY_FAILED,
        "the store refused the query")))
      .map(documents -> results(ConversationResults.toResultsData(documents, flag)));
  }

  /** {@code conv/count} (docs/protocol.md §3.10): the member count, or the online member count of a chat room. */
  private Future<GenericCommand> count(ConvCommand conv) {
    String cid = ConvMessages.requireCid(conv);
    return existing(cid).compose(document -> {
      List<String> members = MembershipChanges.members(document);
      Future<Integer> count = document.getBoolean(TRANSIENT, false)
        ? presence.online(members).map(Set::size)
        : Future.succeededFuture(members.size());
      return count.map(n -> ConvMessages.conv(OpType.result, ConvCommand.newBuilder().setCid(cid).setCount(n)));
    });
  }

  /**
   * {@code conv/max_read} (docs/protocol.md §3.10): how far the other members received and read the conversation. The
   * marks live in message-service; a member asks, so non-members learn nothing; unknown marks are left out.
   */
  private Future<GenericCommand> maxRead(ServiceRequest request, ConvCommand conv) {
    String cid = ConvMessages.requireCid(conv);
    return existing(cid).compose(document -> {
      List<String> members = MembershipChanges.members(document);
      ConvCommand.Builder answer = ConvCommand.newBuilder().setCid(cid);
      if (!members.contains(request.clientId())) {
        return Future.succeededFuture(ConvMessages.conv(OpType.max_read, answer));
      }
      List<String> others = members.stream().filter(member -> !member.equals(request.clientId())).toList();
      return receipts.of(cid, request.clientId(), others).map(marks -> {
        if (marks.maxAckTimestamp() > 0) {
          answer.setMaxAckTimestamp(marks.maxAckTimestamp());
        }
        if (marks.maxReadTimestamp() > 0) {
          answer.setMaxReadTimestamp(marks.maxReadTimestamp());
        }
        return ConvMessages.conv(OpType.max_read, answer);
      });
    });
  }

  private Future<JsonObject> existing(String cid) {
    return store.findById(cid).compose(document -> document == null
      ? Future.failedFuture(ConvMessages.notFound(cid))
      : Future.succeededFuture(document));
  }

  private static GenericCommand results(String data) {
    return ConvMessages.conv(OpType.results,
      ConvCommand.newBuilder().setResults(JsonObjectMessage.newBuilder().setData(data)));
  }
}
