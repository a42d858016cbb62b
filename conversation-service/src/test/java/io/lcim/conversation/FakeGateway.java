package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.Commands;
import io.lcim.common.PresenceRegistry;
import io.lcim.common.PushEnvelope;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.GenericCommand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.redis.client.Redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Stands in for one gateway node: its client ids are registered in presence, it sends their commands to
 * conversation-service with {@link ServiceRequest} headers, and it records the pushes addressed to its node.
 *
 * <p>Requests and the push consumer share one event-loop context. The service hands its pushes to the event bus
 * before it replies, and deliveries to one context run in order, so when a reply arrives every push it caused has
 * already been recorded: tests can assert the exact set of pushes without waiting.
 */
final class FakeGateway {

  static final String APP_ID = "test-app";
  private static final long TIMEOUT_SECONDS = 10;

  private final Vertx vertx;
  private final Context context;
  private final String nodeId = "node-" + UUID.randomUUID();
  private final List<PushEnvelope> pushes = new ArrayList<>();
  private volatile Consumer<PushEnvelope> pushListener = push -> { };

  private FakeGateway(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
  }

  /** Registers {@code clientIds} as online on a new node and starts recording that node's pushes. */
  static FakeGateway start(Vertx vertx, Redis redis, Collection<String> clientIds) {
    FakeGateway gateway = new FakeGateway(vertx);
    await(() -> gateway.onContext(() -> vertx.eventBus().<Buffer>consumer(Addresses.gatewayNode(gateway.nodeId),
      message -> {
        PushEnvelope push = PushEnvelope.from(message);
        synchronized (gateway.pushes) {
          gateway.pushes.add(push);
        }
        gateway.pushListener.accept(push);
      }).completion()));
    await(() -> new PresenceRegistry(redis, 60_000).register(gateway.nodeId, clientIds));
    return gateway;
  }

  /** Sends {@code command} as {@code clientId}'s and returns the reply; fails the test on an error reply. */
  GenericCommand call(String clientId, GenericCommand command) {
    return await(() -> request(clientId, command));
  }

  /** Sends {@code command} as {@code clientId}'s and returns the protocol error it must be refused with. */
  ReplyException refusal(String clientId, GenericCommand command) {
    Future<GenericCommand> reply = request(clientId, command);
    try {
      GenericCommand unexpected = reply.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return fail("expected a refusal, got " + unexpected);
    } catch (ReplyException e) {
      return e;
    } catch (Exception e) {
      return fail("expected a ReplyException", e);
    }
  }

  /** Runs {@code listener} on each push as it arrives, the way a client reacts to it (on the gateway's context). */
  void onPush(Consumer<PushEnvelope> listener) {
    pushListener = listener;
  }

  /** Sends {@code command} as {@code clientId}'s; to be called on the gateway's context (from a push listener). */
  Future<GenericCommand> send(String clientId, GenericCommand command) {
    return request(clientId, command);
  }

  /** The pushes recorded since the last call, in arrival order. */
  List<PushEnvelope> takePushes() {
    synchronized (pushes) {
      List<PushEnvelope> taken = List.copyOf(pushes);
      pushes.clear();
      return taken;
    }
  }

  /** Asserts that nothing was pushed since the last {@link #takePushes()}. */
  void assertNoPushes() {
    assertThat(takePushes()).isEmpty();
  }

  <T> T await(Future<T> future) {
    return await(() -> future);
  }

  private Future<GenericCommand> request(String clientId, GenericCommand command) {
    ServiceRequest sender = new ServiceRequest(APP_ID, clientId, "session-" + clientId, nodeId);
    return onContext(() -> vertx.eventBus().<Buffer>request(Addresses.CONVERSATION_COMMAND,
      Commands.toBuffer(command), sender.toDeliveryOptions()).map(reply -> Commands.parse(reply.body())));
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  static <T> T await(Supplier<Future<T>> action) {
    try {
      return action.get().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      return fail("operation failed", e);
    }
  }
}
