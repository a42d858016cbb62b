package io.lcim.bench;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.ConversationMembers;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogsCommand;
import io.lcim.message.MessageVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * A deployed {@link MessageVerticle} and a reader fetching {@code logs} pages from it the way the gateway forwards
 * them (on {@link Addresses#MESSAGE_COMMAND}), so the figures include decoding, the membership look-up, the query
 * and the reply. Conversation-service is stood in for by a consumer answering every membership look-up at once.
 */
final class LogsProbe implements AutoCloseable {

  // Slow stores (the embedded one scans) must give a figure, not a timeout.
  private static final long SEND_TIMEOUT_MILLIS = 600_000;
  private static final ServiceRequest READER = new ServiceRequest("bench-app", SyntheticHistory.READER,
    "bench-session", "bench-node");

  private final Vertx vertx;
  private final String deploymentId;
  private final MessageConsumer<JsonObject> membership;

  private LogsProbe(Vertx vertx, String deploymentId, MessageConsumer<JsonObject> membership) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.membership = membership;
  }

  /** Blocking. {@code config} is the service's (MONGO_URI, MONGO_DB, REDIS_URI). */
  static LogsProbe deploy(Vertx vertx, JsonObject config) {
    MessageConsumer<JsonObject> membership = vertx.eventBus().consumer(Addresses.CONVERSATION_MEMBERS, message -> {
      String cid = ConversationMembers.requestedCid(message.body());
      message.reply(new ConversationMembers(cid, true, SyntheticHistory.MEMBERS, false, false).toJson());
    });
    Blocking.await(membership.completion());
    String id = Blocking.await(vertx.deployVerticle(new MessageVerticle(), new DeploymentOptions().setConfig(config)));
    return new LogsProbe(vertx, id, membership);
  }

  /** Fetches one page and returns how long it took, in nanoseconds; fails unless it has {@code expected} items. */
  long fetch(LogsCommand.Builder logs, int expected) {
    Buffer body = Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.logs).setLogsMessage(logs).build());
    DeliveryOptions options = READER.toDeliveryOptions().setSendTimeout(SEND_TIMEOUT_MILLIS);
    long start = System.nanoTime();
    Buffer reply = Blocking.await(vertx.eventBus().<Buffer>request(Addresses.MESSAGE_COMMAND, body, options)).body();
    long elapsed = System.nanoTime() - start;
    GenericCommand response = Commands.parse(reply);
    if (response.getCmd() != CommandType.logs || response.getLogsMessage().getLogsCount() != expected) {
      throw new IllegalStateException("expected a page of " + expected + " for " + logs.build() + ", got " + response);
    }
    return elapsed;
  }

  @Override
  public void close() {
    Blocking.await(vertx.undeploy(deploymentId));
    Blocking.await(membership.unregister());
  }
}
