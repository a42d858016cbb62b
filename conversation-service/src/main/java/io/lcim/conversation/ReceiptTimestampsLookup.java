package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.ReceiptTimestamps;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Asks message-service (which records deliveries and reads) for the receipt marks behind {@code conv/max_read}.
 * Receipts are informational: when message-service does not answer, the marks are unknown (0), not an error.
 */
final class ReceiptTimestampsLookup {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiptTimestampsLookup.class);
  // Well inside the SDK's 20 s command timeout.
  private static final long TIMEOUT_MILLIS = 3_000;

  private final EventBus eventBus;

  ReceiptTimestampsLookup(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  Future<ReceiptTimestamps> of(String cid, String clientId, List<String> others) {
    return eventBus.<JsonObject>request(Addresses.MESSAGE_RECEIPT_TIMESTAMPS,
        ReceiptTimestamps.request(cid, clientId, others), new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS))
      .map(reply -> ReceiptTimestamps.fromJson(reply.body()))
      .recover(failure -> {
        LOG.debug("Receipt timestamps of {} unavailable: {}", cid, failure.toString());
        return Future.succeededFuture(new ReceiptTimestamps(0, 0));
      });
  }
}
