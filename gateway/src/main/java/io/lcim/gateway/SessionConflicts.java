package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.ErrorCode;
import io.lcim.common.SessionConflict;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * Single sign-on per tag (docs/protocol.md §3.1, §3.5): a fresh login with a tag ends the older sessions of the same
 * client id and tag on other devices, on every gateway node, with the {@code session/closed} 4111 push the SDK
 * reports as CONFLICT (and after which it does not reconnect). Sessions without a tag, or with another tag,
 * coexist. Other nodes are told through {@link Addresses#gatewayControl(String)}.
 */
final class SessionConflicts {

  private static final Logger LOG = LoggerFactory.getLogger(SessionConflicts.class);

  private final NodePresence presence;
  private final EventBus eventBus;
  private final TagOwners owners;

  SessionConflicts(NodePresence presence, EventBus eventBus, TagOwners owners) {
    this.presence = presence;
    this.eventBus = eventBus;
    this.owners = owners;
  }

  /**
   * {@code newer} was just opened by a first login ({@code r: false}) with a tag: it takes the tag over. Completes
   * once this node's older sessions are ended and the other nodes holding the client have been told.
   */
  Future<Void> tookOver(ClientSession newer) {
    if (newer.tag() == null) {
      return Future.succeededFuture();
    }
    SessionConflict conflict = new SessionConflict(newer.clientId(), newer.tag(), newer.deviceId(),
      newer.sessionId());
    endConflicting(conflict);
    Future<Void> claimed = owners.claim(newer.clientId(), newer.tag(), newer.deviceId());
    Future<Void> told = presence.registry().nodesOf(List.of(newer.clientId())).map(byNode -> {
      for (String node : byNode.keySet()) {
        if (!node.equals(presence.nodeId())) {
          eventBus.send(Addresses.gatewayControl(node), conflict.toJson());
        }
      }
      return null;
    });
    return Future.join(claimed, told)
      .onFailure(e -> LOG.warn("Single sign-on of {} may not reach every node: {}", newer.clientId(), e.toString()))
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }

  /**
   * Whether a session coming back with {@code r: true} and a tag (from its token) may resume: not when another
   * device has logged in with that tag since. When the store cannot tell, it may.
   */
  Future<Boolean> mayResume(String clientId, String tag, String deviceId) {
    if (tag == null) {
      return Future.succeededFuture(true);
    }
    return owners.mayResume(clientId, tag, deviceId).recover(e -> {
      LOG.warn("Could not check the tag owner of {}; letting the session resume", clientId, e);
      return Future.succeededFuture(true);
    });
  }

  /** Consumer of this node's control address. */
  void handle(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      LOG.warn("Ignoring a control message that is not JSON");
      return;
    }
    try {
      endConflicting(SessionConflict.fromJson(body));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring a malformed session conflict: {}", e.getMessage());
    }
  }

  /** Ends this node's sessions that {@code conflict} replaces. */
  private void endConflicting(SessionConflict conflict) {
    for (ClientSession older : presence.sessions().sessionsOf(conflict.clientId())) {
      if (!older.hasId(conflict.keepSessionId()) && conflict.tag().equals(older.tag())
        && !Objects.equals(conflict.deviceId(), older.deviceId())) {
        older.connection().write(conflictPush(older.clientId()));
        presence.end(older);
      }
    }
  }

  static GenericCommand conflictPush(String clientId) {
    return GenericCommand.newBuilder()
      .setCmd(CommandType.session)
      .setOp(OpType.closed)
      .setPeerId(clientId)
      .setSessionMessage(SessionCommand.newBuilder()
        .setCode(ErrorCode.SESSION_CONFLICT.code())
        .setReason(ErrorCode.SESSION_CONFLICT.name()))
      .build();
  }
}
