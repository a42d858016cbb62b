package io.lcim.gateway;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.Signatures;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.SessionCommand;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code session} command family: login (with single sign-on per tag, {@link SessionConflicts}, and the unread
 * and missed-patches pushes after it, {@link UnreadPush}, {@link MissedPatchPush}), logout, presence query and token
 * refresh (docs/protocol.md §3.1–3.5).
 */
class SessionCommands {

  private static final Logger LOG = LoggerFactory.getLogger(SessionCommands.class);

  static final int MAX_CLIENT_ID_LENGTH = 64;
  /** The SDK documents 20 ids per presence query; anything far beyond that is not a legitimate client. */
  static final int MAX_QUERIED_IDS = 100;

  private final GatewayConfig config;
  private final SessionTokens tokens;
  private final Signatures signatures;
  private final NodePresence presence;
  private final SessionConflicts conflicts;
  private final UnreadPush unreadPush;
  private final MissedPatchPush missedPatchPush;
  private final SessionIds sessionIds = new SessionIds();
  /** Tags are a handful of names ("Mobile", "Web") shared by many sessions: one string each. */
  private final Interner tags = new Interner();

  SessionCommands(GatewayConfig config, SessionTokens tokens, Signatures signatures, NodePresence presence,
                  SessionConflicts conflicts, UnreadPush unreadPush, MissedPatchPush missedPatchPush) {
    this.config = config;
    this.tokens = tokens;
    this.signatures = signatures;
    this.presence = presence;
    this.conflicts = conflicts;
    this.unreadPush = unreadPush;
    this.missedPatchPush = missedPatchPush;
  }

  Future<Void> handle(ClientConnection connection, GenericCommand command) {
    OpType op = command.hasOp() ? command.getOp() : null;
    if (op == OpType.open) {
      return open(connection, command);
    }
    if (op == OpType.close) {
      return close(connection, command);
    }
    ClientSession session = connection.sessionFor(command);
    if (session == null) {
      return Replies.error(connection, command, ErrorCode.SESSION_REQUIRED, null);
    }
    if (op == OpType.query) {
      return query(connection, command);
    }
    if (op == OpType.refresh) {
      return refresh(connection, command, session);
    }
    return Replies.error(connection, command, ErrorCode.INTERNAL_ERROR, "unsupported command");
  }

  /**
   * Called once {@code opened} has been written, before the socket's next frame is handled: the place for the
   * pushes a client expects right after login (unread counts, missed patches), which must follow the response.
   */
  protected Future<Void> afterSessionOpened(ClientSession session, GenericCommand openCommand) {
    // Both are asked at once, one round trip instead of two; the SDK expects the patches after the unread counts
    // (docs/protocol.md §3.1), so they are written in that order. Neither step ever fails.
    Future<GenericCommand> patches = missedPatchPush.fetch(session, openCommand.getSessionMessage());
    return unreadPush.fetch(session, openCommand.getSessionMessage())
      .compose(unread -> writePush(session, unread))
      .compose(v -> patches)
      .compose(patch -> writePush(session, patch));
  }

  /** Writes a push for {@code session}'s client, if there is one. */
  private static Future<Void> writePush(ClientSession session, GenericCommand push) {
    return push == null ? Future.succeededFuture()
      : session.connection().write(push.toBuilder().setPeerId(session.clientId()).build());
  }

  private Future<Void> open(ClientConnection connection, GenericCommand command) {
    if (!config.appId().equals(command.getAppId())) {
      return Replies.error(connection, command, ErrorCode.APP_NOT_AVAILABLE, "unknown appId");
    }
    String clientId = nonEmpty(command.getPeerId());
    if (clientId == null) {
      clientId = UUID.randomUUID().toString().replace("-", "");
    }
    if (clientId.length() > MAX_CLIENT_ID_LENGTH) {
      return Replies.error(connection, command, ErrorCode.INVALID_LOGIN,
        "peerId is longer than " + MAX_CLIENT_ID_LENGTH + " characters");
    }
    String id = clientId;
    SessionCommand login = command.getSessionMessage();
    return signed(id, login).compose(valid -> valid
      ? identity(id, login).transform(identity -> identity.succeeded()
        ? openSession(connection, command, id, identity.result())
        : Replies.error(connection, command, ServiceErrors.fromReplyFailure(identity.cause())))
      : Replies.error(connection, command, ErrorCode.SIGNATURE_FAILED, "login signature mismatch"));
  }

  /**
   * Whether the login may proceed as far as signatures go (docs/protocol.md §3.1): always when they are off; with
   * them on, a reconnect that carries a session token is checked by {@link #identity} instead (the token proves an
   * earlier signed login, and the SDK sends no signature on reconnect), everything else needs a valid signature.
   */
  private Future<Boolean> signed(String clientId, SessionCommand login) {
    if (!config.loginSignature() || (login.getR() && login.hasSt())) {
      return Future.succeededFuture(true);
    }
    Signatures.Signed signed = new Signatures.Signed(login.hasT() ? login.getT() : null,
      login.hasN() ? login.getN() : null, login.hasS() ? login.getS() : null);
    return signatures.verifyLogin(clientId, signed).recover(failure -> {
      LOG.warn("Could not check a login signature's nonce; refusing the login", failure);
      return Future.succeededFuture(false);
    });
  }

  /**
   * Tag and device of the session being opened: from the login itself, or, on a reconnect ({@code r: true}, which
   * sends neither), from its session token. Fails with 4112 for a bad token, so that the SDK retries without it,
   * and with 4111 when another device has taken the session's tag since.
   */
  private Future<SessionTokens.Claims> identity(String clientId, SessionCommand login) {
    if (!login.getR()) {
      String tag = tags.intern(nonEmpty(login.getTag()));
      // The device id matters only within a tag (single sign-on); untagged sessions do not keep it.
      return Future.succeededFuture(tag == null ? SessionTokens.Claims.NONE
        : new SessionTokens.Claims(tag, nonEmpty(login.getDeviceId())));
    }
    if (!login.hasSt()) {
      return Future.succeededFuture(SessionTokens.Claims.NONE);
    }
    Optional<SessionTokens.Claims> claims = tokens.verify(clientId, login.getSt());
    if (claims.isEmpty()) {
      return Future.failedFuture(ServiceErrors.error(ErrorCode.SESSION_TOKEN_EXPIRED, null));
    }
    SessionTokens.Claims resumed = claims.get().tag() == null ? claims.get()
      : new SessionTokens.Claims(tags.intern(claims.get().tag()), claims.get().deviceId());
    return conflicts.mayResume(clientId, resumed.tag(), resumed.deviceId()).compose(may -> may
      ? Future.succeededFuture(resumed)
      : Future.failedFuture(ServiceErrors.error(ErrorCode.SESSION_CONFLICT,
      "another device has logged in with tag " + resumed.tag())));
  }

  private Future<Void> openSession(ClientConnection connection, GenericCommand command, String clientId,
                                   SessionTokens.Claims identity) {
    // Opening a client id again on the same socket keeps its session (and session id).
    ClientSession existing = connection.session(clientId);
    ClientSession opened = existing != null ? existing
      : new ClientSession(sessionIds, sessionIds.next(), clientId, identity.tag(), identity.deviceId(), connection);
    Future<Void> registered = existing != null ? presence.renew(existing) : presence.open(opened);
    return registered.transform(ar -> {
      if (ar.failed()) {
        LOG.warn("Presence registration failed for {}", opened.clientId(), ar.cause());
        Future<Void> rollback = existing != null ? Future.succeededFuture() : presence.end(opened);
        return rollback.transform(ignored ->
          Replies.error(connection, command, ErrorCode.INTERNAL_ERROR, "presence store unavailable"));
      }
      Future<Void> tookOver = existing == null && !command.getSessionMessage().getR()
        ? conflicts.tookOver(opened) : Future.succeededFuture();
      return tookOver.compose(v -> Replies.respond(connection, command, openedResponse(opened)))
        .compose(v -> afterSessionOpened(opened, command));
    });
  }

  private GenericCommand openedResponse(ClientSession session) {
    SessionTokens.Issued token = tokens.issue(session.clientId(), session.tag(), session.deviceId());
    return GenericCommand.newBuilder()
      .setCmd(CommandType.session)
      .setOp(OpType.opened)
      .setPeerId(session.clientId())
      .setServerTs(System.currentTimeMillis())
      .setSessionMessage(SessionCommand.newBuilder().setSt(token.token()).setStTtl(token.ttlSeconds()))
      .build();
  }

  /** Logout. Answered even when the session is already gone: the SDK waits for the reply either way. */
  private Future<Void> close(ClientConnection connection, GenericCommand command) {
    ClientSession session = connection.sessionFor(command);
    Future<Void> ended = session == null ? Future.succeededFuture() : presence.end(session);
    return ended.transform(ar -> {
      if (ar.failed()) {
        LOG.warn("Could not unregister presence on logout; it lapses after the TTL", ar.cause());
      }
      return Replies.respond(connection, command,
        GenericCommand.newBuilder().setCmd(CommandType.session).setOp(OpType.closed).build());
    });
  }

  private Future<Void> query(ClientConnection connection, GenericCommand command) {
    List<String> asked = command.getSessionMessage().getSessionPeerIdsList();
    List<String> ids = asked.size() > MAX_QUERIED_IDS ? asked.subList(0, MAX_QUERIED_IDS) : asked;
    return presence.registry().online(ids).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("Presence query failed", ar.cause());
        return Replies.error(connection, command, ErrorCode.INTERNAL_ERROR, "presence store unavailable");
      }
      return Replies.respond(connection, command, GenericCommand.newBuilder()
        .setCmd(CommandType.session)
        .setOp(OpType.query_result)
        .setSessionMessage(SessionCommand.newBuilder().addAllOnlineSessionPeerIds(ar.result()))
        .build());
    });
  }

  private Future<Void> refresh(ClientConnection connection, GenericCommand command, ClientSession session) {
    SessionTokens.Issued token = tokens.issue(session.clientId(), session.tag(), session.deviceId());
    return Replies.respond(connection, command, GenericCommand.newBuilder()
      .setCmd(CommandType.session)
      .setOp(OpType.refreshed)
      .setSessionMessage(SessionCommand.newBuilder().setSt(token.token()).setStTtl(token.ttlSeconds()))
      .build());
  }

  private static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
