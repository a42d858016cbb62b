package io.lcim.message;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogsCommand;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;

/** History ({@code logs}): one page of a conversation's messages, for its members only, oldest first. */
final class LogsCommandHandler {

  private final MessageConfig config;
  private final MessageStore store;
  private final MembershipLookup membership;

  LogsCommandHandler(MessageConfig config, MessageStore store, MembershipLookup membership) {
    this.config = config;
    this.store = store;
    this.membership = membership;
  }

  Future<GenericCommand> handle(ServiceRequest request, LogsCommand logs) {
    if (logs.getCid().isEmpty()) {
      return Future.failedFuture(ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET,
        "logsMessage.cid is required"));
    }
    HistoryQuery query = HistoryQuery.from(logs, config.logsDefaultLimit(), config.logsMaxLimit());
    return membership.members(query.cid()).compose(members -> {
      if (!members.found()) {
        return Future.failedFuture(ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET,
          "conversation " + query.cid() + " does not exist"));
      }
      if (!members.isMember(request.clientId())) {
        return Future.failedFuture(ServiceErrors.error(ErrorCode.CONVERSATION_LOG_REJECTED,
          request.clientId() + " is not a member of conversation " + query.cid()));
      }
      return store.page(query, Instant.now());
    }).map(LogsCommandHandler::response);
  }

  private static GenericCommand response(List<StoredMessage> page) {
    LogsCommand.Builder logs = LogsCommand.newBuilder();
    for (StoredMessage message : page) {
      logs.addLogs(message.toLogItem());
    }
    return GenericCommand.newBuilder().setCmd(CommandType.logs).setLogsMessage(logs).build();
  }
}
