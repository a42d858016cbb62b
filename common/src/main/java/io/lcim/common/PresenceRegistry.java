package io.lcim.common;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which gateway nodes hold sessions of which client ids, kept in Redis.
 *
 * <p>One hash per client id, {@code im:presence:<clientId>}: field = gateway node id, value = the time (ms) until
 * which that entry is valid. Live gateways refresh their entries well before they lapse; readers ignore lapsed
 * fields. The key's own TTL removes it once no node refreshes it.
 *
 * <p>Each node also keeps a short-lived liveness key, {@code im:node:<nodeId>}, written with every registration and
 * refreshed by {@link #heartbeat(String)}. Readers skip nodes whose liveness key is gone, so the clients of a gateway
 * that died without cleaning up (kill -9, lost host) are offline after one node TTL (seconds), not one entry TTL.
 */
public final class PresenceRegistry {

  private static final String PREFIX = "im:presence:";
  private static final String NODE_PREFIX = "im:node:";

  static final long LIVENESS_CACHE_MILLIS = 1_000;
  private static final int MAX_CACHED_NODES = 10_000;

  private final Redis redis;
  private final long ttlMillis;
  /** Shared by whoever calls this registry, possibly from several event loops. */
  private final Map<String, NodeLiveness> liveness = new ConcurrentHashMap<>();
  private final long nodeTtlMillis;

  /** Entries and node liveness both last {@code ttlMillis}. */
  public PresenceRegistry(Redis redis, long ttlMillis) {
    this(redis, ttlMillis, ttlMillis);
  }

  /**
   * @param ttlMillis     how long a client entry lives without refresh
   * @param nodeTtlMillis how long a node counts as alive after its last heartbeat or registration
   */
  public PresenceRegistry(Redis redis, long ttlMillis, long nodeTtlMillis) {
    this.redis = redis;
    this.ttlMillis = ttlMillis;
    this.nodeTtlMillis = nodeTtlMillis;
  }

  public long nodeTtlMillis() {
    return nodeTtlMillis;
  }

  /** Marks {@code nodeId} alive for one more node TTL. */
  public Future<Void> heartbeat(String nodeId) {
    return redis.send(nodeAlive(nodeId)).mapEmpty();
  }

  /** A node that shuts down cleanly says so at once. */
  public Future<Void> nodeGone(String nodeId) {
    liveness.remove(nodeId);
    return redis.send(Request.cmd(Command.DEL).arg(NODE_PREFIX + nodeId)).mapEmpty();
  }

  public long ttlMillis() {
    return ttlMillis;
  }

  /** Marks {@code clientIds} as present on {@code nodeId} for one more TTL. */
  public Future<Void> register(String nodeId, Collection<String> clientIds) {
    if (clientIds.isEmpty()) {
      return Future.succeededFuture();
    }
    String until = Long.toString(System.currentTimeMillis() + ttlMillis);
    List<Request> batch = new ArrayList<>(clientIds.size() * 2 + 1);
    batch.add(nodeAlive(nodeId));
    for (String clientId : clientIds) {
      batch.add(Request.cmd(Command.HSET).arg(key(clientId)).arg(nodeId).arg(until));
      batch.add(Request.cmd(Command.PEXPIRE).arg(key(clientId)).arg(ttlMillis));
    }
    return redis.batch(batch).mapEmpty();
  }

  /** Removes the entry of {@code nodeId} for {@code clientId} (its last session on that node ended). */
  public Future<Void> unregister(String nodeId, String clientId) {
    return redis.send(Request.cmd(Command.HDEL).arg(key(clientId)).arg(nodeId)).mapEmpty();
  }

  /** Removes every entry of a node that is known to be gone, for the given client ids. */
  public Future<Void> unregisterAll(String nodeId, Collection<String> clientIds) {
    if (clientIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Request> batch = new ArrayList<>(clientIds.size());
    for (String clientId : clientIds) {
      batch.add(Request.cmd(Command.HDEL).arg(key(clientId)).arg(nodeId));
    }
    return redis.batch(batch).mapEmpty();
  }

  /** For each gateway node, the given client ids that have a live session there. */
  public Future<Map<String, List<String>>> nodesOf(Collection<String> clientIds) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(clientIds));
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Request> batch = new ArrayList<>(ids.size());
    for (String clientId : ids) {
      batch.add(Request.cmd(Command.HGETALL).arg(key(clientId)));
    }
    return redis.batch(batch).compose(responses -> {
      long now = System.currentTimeMillis();
      Map<String, List<String>> byNode = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        for (String node : unexpiredNodes(responses.get(i), now)) {
          byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(ids.get(i));
        }
      }
      return withoutDeadNodes(byNode);
    });
  }

  /**
   * Drops the nodes whose liveness key is gone. What was learnt about a node is reused for up to
   * {@link #LIVENESS_CACHE_MILLIS} (a handful of gateway nodes serve every push, so this saves a round trip per
   * push), but an alive answer never outlives the key's remaining TTL: a killed node is noticed as soon as before.
   * A clean shutdown ({@link #nodeGone}) elsewhere is noticed up to that much later.
   */
  private Future<Map<String, List<String>>> withoutDeadNodes(Map<String, List<String>> byNode) {
    if (byNode.isEmpty()) {
      return Future.succeededFuture(byNode);
    }
    long now = System.currentTimeMillis();
    List<String> unknown = new ArrayList<>();
    for (String node : List.copyOf(byNode.keySet())) {
      NodeLiveness known = liveness.get(node);
      if (known == null || known.checkedUntil() <= now) {
        unknown.add(node);
      } else if (!known.alive()) {
        byNode.remove(node);
      }
    }
    if (unknown.isEmpty()) {
      return Future.succeededFuture(byNode);
    }
    // PTTL rather than GET: an alive answer is reused no longer than the key is certain to live.
    List<Request> ttls = new ArrayList<>(unknown.size());
    unknown.forEach(node -> ttls.add(Request.cmd(Command.PTTL).arg(NODE_PREFIX + node)));
    return redis.batch(ttls).map(remaining -> {
      long checkedAt = System.currentTimeMillis();
      if (liveness.size() > MAX_CACHED_NODES) {
        liveness.clear();
      }
      for (int i = 0; i < unknown.size(); i++) {
        Response ttl = remaining.get(i);
        long pttl = ttl == null ? -2 : ttl.toLong();
        // -2: no such key (dead); -1: no expiry (written by hand: alive).
        boolean isAlive = pttl != -2;
        long reuse = isAlive && pttl >= 0 ? Math.min(pttl, LIVENESS_CACHE_MILLIS) : LIVENESS_CACHE_MILLIS;
        liveness.put(unknown.get(i), new NodeLiveness(isAlive, checkedAt + reuse));
        if (!isAlive) {
          byNode.remove(unknown.get(i));
        }
      }
      return byNode;
    });
  }

  private record NodeLiveness(boolean alive, long checkedUntil) {
  }

  private Request nodeAlive(String nodeId) {
    return Request.cmd(Command.SET).arg(NODE_PREFIX + nodeId).arg("1").arg("PX").arg(nodeTtlMillis);
  }

  /** The subset of {@code clientIds} with at least one live session anywhere. */
  public Future<Set<String>> online(Collection<String> clientIds) {
    return nodesOf(clientIds).map(byNode -> {
      Set<String> online = new LinkedHashSet<>();
      byNode.values().forEach(online::addAll);
      Set<String> ordered = new LinkedHashSet<>();
      for (String id : clientIds) {
        if (online.contains(id)) {
          ordered.add(id);
        }
      }
      return ordered;
    });
  }

  private static List<String> unexpiredNodes(Response hash, long now) {
    List<String> nodes = new ArrayList<>();
    if (hash == null) {
      return nodes;
    }
    // RESP2 flat array: field, value, field, value...
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      String node = hash.get(i).toString();
      long until;
      try {
        until = Long.parseLong(hash.get(i + 1).toString());
      } catch (NumberFormatException e) {
        continue;
      }
      if (until > now) {
        nodes.add(node);
      }
    }
    return nodes;
  }

  private static String key(String clientId) {
    return PREFIX + clientId;
  }
}
