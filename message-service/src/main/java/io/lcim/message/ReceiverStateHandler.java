package io.lcim.message;

import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.ReadCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What receivers report back without expecting an answer: delivery ({@code ack} with a {@code fromts..tots} range
 * per conversation) and reading ({@code read}). Both are accepted silently for now.
 *
 * <p>This is the place for per-member state: {@link #delivered} will set {@code ackAt} and push delivered
 * {@code rcp} receipts; {@link #read} will store the member's last-read timestamp, which resets the unread counts
 * pushed at login ({@code unread}) and drives read receipts.
 */
final class ReceiverStateHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverStateHandler.class);

  void delivered(ServiceRequest request, AckCommand ack) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} received {} from {} to {}", request.clientId(), ack.getCid(), ack.getFromts(), ack.getTots());
    }
  }

  void read(ServiceRequest request, ReadCommand read) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} read {} conversation(s)", request.clientId(), read.getConvsCount());
    }
  }
}
