package io.lcim.message;

import io.lcim.common.ConversationMembers;
import io.lcim.common.ErrorCode;
import io.lcim.common.ReceiptTimestamps;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogItem;
import io.lcim.common.proto.LogsCommand;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;

/**
 * History ({@code logs}): one page of a conversation's messages, for its members only, oldest first. In a 2-member
 * conversation the asker's own messages carry {@code ackAt}/{@code readAt} when the other member has received/read
 * up to them: the SDK shows them as delivered and moves the conversation's receipt marks.
 */
final class LogsCommandHandler {

  private static final ReceiptTimestamps NO_MARKS = new ReceiptTimestamps(0, 0);

  private final MessageConfig config;
  private final MessageStore store;
  private final MembershipLookup membership;
  private final MemberStateStore memberStates;

  LogsCommandHandler(MessageConfig config, MessageStore store, MembershipLookup membership,
                     MemberStateStore memberStates) {
    this.config = config;
    this.store = store;
    this.membership = membership;
    this.memberStates = memberStates;
  }

  Future<GenericCommand> handle(ServiceRequest request, LogsCommand logs) {
    if (logs.getCid().isEmpty()) {
      return Future.failedFuture(ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET,
        "logsMessage.cid is required"));
    }
    HistoryQuery query = HistoryQuery.from(logs, config.logsDefaultLimit(), config.logsMaxLimit());
    return membership.membersFor(query.cid(), request.clientId()).compose(members -> {
      if (!members.found()) {
        return Future.failedFuture(ServiceErrors.error(ErrorCode.INVALID_MESSAGING_TARGET,
          "conversation " + query.cid() + " does not exist"));
      }
      if (!members.isMember(request.clientId())) {
        return Future.failedFuture(ServiceErrors.error(ErrorCode.CONVERSATION_LOG_REJECTED,
          request.clientId() + " is not a member of conversation " + query.cid()));
      }
      return store.page(query, Instant.now()).compose(page -> receiptMarks(members, request.clientId(), page)
        .map(marks -> response(page, request.clientId(), marks)));
    });
  }

  /** The other member's marks in a 2-member conversation when the page has the asker's messages; else none. */
  private Future<ReceiptTimestamps> receiptMarks(ConversationMembers members, String asker,
                                                 List<StoredMessage> page) {
    boolean ownMessages = page.stream().anyMatch(message -> message.from().equals(asker));
    if (members.members().size() != 2 || members.transientConversation() || !ownMessages) {
      return Future.succeededFuture(NO_MARKS);
    }
    List<String> other = members.members().stream().filter(member -> !member.equals(asker)).toList();
    // Receipts are extras: history is still answered when the marks cannot be read.
    return memberStates.receiptTimestamps(members.cid(), other).otherwise(NO_MARKS);
  }

  private static GenericCommand response(List<StoredMessage> page, String asker, ReceiptTimestamps marks) {
    LogsCommand.Builder logs = LogsCommand.newBuilder();
    for (StoredMessage message : page) {
      LogItem item = message.toLogItem();
      if (message.from().equals(asker)) {
        LogItem.Builder withReceipts = item.toBuilder();
        if (marks.maxAckTimestamp() >= message.timestamp()) {
          withReceipts.setAckAt(marks.maxAckTimestamp());
        }
        if (marks.maxReadTimestamp() >= message.timestamp()) {
          withReceipts.setReadAt(marks.maxReadTimestamp());
        }
        item = withReceipts.build();
      }
      logs.addLogs(item);
    }
    return GenericCommand.newBuilder().setCmd(CommandType.logs).setLogsMessage(logs).build();
  }
}
