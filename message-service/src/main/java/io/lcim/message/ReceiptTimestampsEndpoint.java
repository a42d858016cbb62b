package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.ErrorCode;
import io.lcim.common.ReceiptTimestamps;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Answers {@link Addresses#MESSAGE_RECEIPT_TIMESTAMPS} for conversation-service's {@code conv/max_read}: the
 * delivered and read marks of the members it names (it knows the membership; this service knows the marks).
 */
final class ReceiptTimestampsEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiptTimestampsEndpoint.class);
  /** Conversations this large have no meaningful "the other member"; the marks are not worth a huge query. */
  static final int MAX_MEMBERS = 1000;

  private final MemberStateStore states;

  ReceiptTimestampsEndpoint(MemberStateStore states) {
    this.states = states;
  }

  Future<Void> register(EventBus eventBus) {
    return eventBus.<JsonObject>consumer(Addresses.MESSAGE_RECEIPT_TIMESTAMPS, this::handle).completion();
  }

  private void handle(Message<JsonObject> message) {
    String cid;
    List<String> others;
    try {
      cid = ReceiptTimestamps.requestedCid(message.body());
      others = ReceiptTimestamps.requestedOthers(message.body());
    } catch (RuntimeException e) {
      message.fail(ErrorCode.UNPARSEABLE_RAW_MESSAGE.code(), "malformed receipt timestamps request");
      return;
    }
    if (cid == null || cid.isEmpty()) {
      message.fail(ErrorCode.UNPARSEABLE_RAW_MESSAGE.code(), "cid is required");
      return;
    }
    states.receiptTimestamps(cid, others.stream().limit(MAX_MEMBERS).toList())
      .onComplete(timestamps -> message.reply(timestamps.toJson()), failure -> {
        LOG.warn("Receipt timestamps of {} failed: {}", cid, failure.toString());
        message.fail(ErrorCode.INTERNAL_ERROR.code(), failure.getMessage());
      });
  }
}
