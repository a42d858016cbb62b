package io.lcim.gateway;

import io.lcim.common.PresenceRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * This node's presence registrations and removals, written to Redis in batches: a write goes out at once while
 * fewer than {@link #MAX_IN_FLIGHT} batches are under way, and otherwise waits to join the next batch (group
 * commit). A lone login therefore costs one round trip as before, while a login storm or a mass disconnect becomes
 * a few large batches instead of one Redis request per client, each queueing for a pooled connection (and, past
 * the pool's waiting limit, failing: refused logins, lost removals). Confined to the gateway verticle's event loop.
 */
final class PresenceWrites {

  /** Of the Redis pool's connections, the rest stay free for presence queries, refreshes and heartbeats. */
  static final int MAX_IN_FLIGHT = 4;
  /** Ids per batch: a registration is two commands, and a connection refuses a batch beyond its pipeline depth. */
  static final int MAX_IDS_PER_BATCH = 500;

  private record Pending(String clientId, Promise<Void> written) {
  }

  private final PresenceRegistry registry;
  private final String nodeId;
  private final Queue<Pending> registrations = new ArrayDeque<>();
  private final Queue<Pending> removals = new ArrayDeque<>();
  private int inFlight;

  PresenceWrites(PresenceRegistry registry, String nodeId) {
    this.registry = registry;
    this.nodeId = nodeId;
  }

  /** Marks {@code clientId} present on this node for one TTL; completes once Redis has it. */
  Future<Void> register(String clientId) {
    return enqueue(registrations, clientId);
  }

  /** Removes this node's entry of {@code clientId}; completes once Redis has done it. */
  Future<Void> unregister(String clientId) {
    return enqueue(removals, clientId);
  }

  /** Removes this node's entries of {@code clientIds}; fails if any removal failed. */
  Future<Void> unregisterAll(List<String> clientIds) {
    if (clientIds.size() == 1) {
      return unregister(clientIds.get(0));
    }
    List<Future<Void>> removed = new ArrayList<>(clientIds.size());
    for (String clientId : clientIds) {
      removed.add(enqueue(removals, clientId));
    }
    return Future.all(removed).mapEmpty();
  }

  private Future<Void> enqueue(Queue<Pending> queue, String clientId) {
    Promise<Void> written = Promise.promise();
    queue.add(new Pending(clientId, written));
    flush();
    return written.future();
  }

  private void flush() {
    while (inFlight < MAX_IN_FLIGHT && !(registrations.isEmpty() && removals.isEmpty())) {
      if (!registrations.isEmpty()) {
        send(registrations, true);
      }
      if (inFlight < MAX_IN_FLIGHT && !removals.isEmpty()) {
        send(removals, false);
      }
    }
  }

  private void send(Queue<Pending> queue, boolean register) {
    int size = Math.min(queue.size(), MAX_IDS_PER_BATCH);
    List<String> ids = new ArrayList<>(size);
    List<Promise<Void>> waiting = new ArrayList<>(size);
    for (int n = 0; n < size; n++) {
      Pending pending = queue.remove();
      ids.add(pending.clientId());
      waiting.add(pending.written());
    }
    inFlight++;
    Future<Void> written = register ? registry.register(nodeId, ids) : registry.unregisterAll(nodeId, ids);
    written.onComplete(result -> done(result, waiting));
  }

  private void done(AsyncResult<Void> result, List<Promise<Void>> waiting) {
    inFlight--;
    for (Promise<Void> promise : waiting) {
      promise.handle(result);
    }
    flush();
  }
}
