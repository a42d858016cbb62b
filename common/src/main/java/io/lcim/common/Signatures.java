package io.lcim.common;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * LeanCloud's login and conversation signatures (docs/protocol.md §3.1, §3.6, §3.8): the app's own server signs what
 * a client may do with an HMAC-SHA1 keyed with the master key; the SDK passes the signature ({@code s}), its
 * timestamp ({@code t}) and nonce ({@code n}) along with the command. One place for the signed strings, the time
 * window and replay protection, used by the gateway (login) and conversation-service (start, add, remove) alike.
 *
 * <p>A signature is accepted when its HMAC matches, its timestamp is at most {@link #VALIDITY_MILLIS} old and not
 * more than {@link #MAX_CLOCK_SKEW_MILLIS} ahead, and its nonce has not been used in that window (nonces of
 * verified signatures are remembered in Redis until the signature would expire anyway). Only signatures whose HMAC
 * matched reach Redis, so nobody without the master key can fill it.
 */
public final class Signatures {

  /** LeanCloud: a signature is valid for six hours. */
  public static final long VALIDITY_MILLIS = 6 * 3600_000L;
  /** An app server whose clock runs a little ahead is not an attack. */
  public static final long MAX_CLOCK_SKEW_MILLIS = 5 * 60_000L;
  /**
   * LeanCloud's guide signs milliseconds, its C# sample seconds: anything below this is seconds (10^11 s is the year
   * 5138; 10^11 ms was March 1973).
   */
  static final long SECONDS_BELOW = 100_000_000_000L;
  /** Nonces are a few random characters; a longer one is not a nonce (and would bloat Redis). */
  public static final int MAX_NONCE_LENGTH = 128;

  /** The actions of a membership change, as 4.3.1 ({@code add}/{@code remove}) and 5.x (invite/kick) sign them. */
  public enum MembershipAction {
    ADD("add", "invite"), REMOVE("remove", "kick");

    private final List<String> names;

    MembershipAction(String... names) {
      this.names = List.of(names);
    }

    /** The action names a signature may carry; the first is what 4.3.1 sends. */
    public List<String> names() {
      return names;
    }
  }

  /** What a client sent along with a command: {@code t}, {@code n}, {@code s}; absent fields are null. */
  public record Signed(Long timestamp, String nonce, String signature) {
    boolean complete() {
      return timestamp != null && nonce != null && !nonce.isEmpty() && signature != null && !signature.isEmpty();
    }
  }

  private static final String NONCE_PREFIX = "im:sig-nonce:";

  private final String appId;
  private final byte[] masterKey;
  private final Redis redis;
  private final LongSupplier clock;

  public Signatures(AppCredentials credentials, Redis redis) {
    this(credentials, redis, System::currentTimeMillis);
  }

  Signatures(AppCredentials credentials, Redis redis, LongSupplier clock) {
    this.appId = credentials.appId();
    this.masterKey = credentials.masterKey().getBytes(StandardCharsets.UTF_8);
    this.redis = redis;
    this.clock = clock;
  }

  // ---- the signed strings (what an app server signs) ----

  /** {@code appid:clientid::timestamp:nonce}. */
  public static String loginText(String appId, String clientId, long timestamp, String nonce) {
    return String.join(":", appId, clientId, "", Long.toString(timestamp), nonce);
  }

  /** {@code appid:clientid:sorted_member_ids:timestamp:nonce}. */
  public static String startText(String appId, String clientId, Collection<String> members, long timestamp,
                                 String nonce) {
    return String.join(":", appId, clientId, sortedIds(members), Long.toString(timestamp), nonce);
  }

  /** {@code appid:clientid:convid:sorted_member_ids:timestamp:nonce:action}. */
  public static String membershipText(String appId, String clientId, String cid, Collection<String> members,
                                      long timestamp, String nonce, String action) {
    return String.join(":", appId, clientId, cid, sortedIds(members), Long.toString(timestamp), nonce, action);
  }

  /** Member ids ascending, joined by colons. */
  static String sortedIds(Collection<String> members) {
    List<String> sorted = new ArrayList<>(members);
    sorted.sort(null);
    return String.join(":", sorted);
  }

  /** The hex HMAC-SHA1 of {@code text} keyed with {@code masterKey}. */
  public static String sign(String masterKey, String text) {
    return sign(masterKey.getBytes(StandardCharsets.UTF_8), text);
  }

  private static String sign(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  // ---- verification ----

  public Future<Boolean> verifyLogin(String clientId, Signed signed) {
    if (!signed.complete()) {
      return Future.succeededFuture(false);
    }
    return verify(signed, List.of(loginText(appId, clientId, signed.timestamp(), signed.nonce())));
  }

  public Future<Boolean> verifyStart(String clientId, Collection<String> members, Signed signed) {
    if (!signed.complete()) {
      return Future.succeededFuture(false);
    }
    return verify(signed, List.of(startText(appId, clientId, members, signed.timestamp(), signed.nonce())));
  }

  public Future<Boolean> verifyMembership(String clientId, String cid, Collection<String> members,
                                          MembershipAction action, Signed signed) {
    if (!signed.complete()) {
      return Future.succeededFuture(false);
    }
    List<String> texts = action.names().stream()
      .map(name -> membershipText(appId, clientId, cid, members, signed.timestamp(), signed.nonce(), name))
      .toList();
    return verify(signed, texts);
  }

  /** Checks the window, then the HMAC against each acceptable text, then claims the nonce. */
  private Future<Boolean> verify(Signed signed, List<String> acceptableTexts) {
    long now = clock.getAsLong();
    if (signed.timestamp() <= 0) {
      return Future.succeededFuture(false);
    }
    long signedAt = toMillis(signed.timestamp());
    if (!withinWindow(signedAt, now) || signed.nonce().length() > MAX_NONCE_LENGTH) {
      return Future.succeededFuture(false);
    }
    byte[] given = signed.signature().toLowerCase().getBytes(StandardCharsets.UTF_8);
    boolean matches = false;
    for (String text : acceptableTexts) {
      // Every candidate is compared, in constant time, so timing tells nothing about which one came close.
      matches |= MessageDigest.isEqual(given, sign(masterKey, text).getBytes(StandardCharsets.UTF_8));
    }
    if (!matches) {
      return Future.succeededFuture(false);
    }
    long remaining = signedAt + VALIDITY_MILLIS - now + 1;
    return redis.send(Request.cmd(Command.SET).arg(NONCE_PREFIX + signed.nonce()).arg("1")
        .arg("NX").arg("PX").arg(remaining))
      .map(reply -> reply != null && "OK".equals(reply.toString()));
  }

  /** A timestamp in milliseconds, from one in milliseconds or seconds. */
  public static long toMillis(long timestamp) {
    return timestamp < SECONDS_BELOW ? timestamp * 1000 : timestamp;
  }

  /** Not older than the validity window, not further ahead than the allowed clock skew. */
  static boolean withinWindow(long signedAtMillis, long nowMillis) {
    return signedAtMillis >= nowMillis - VALIDITY_MILLIS && signedAtMillis <= nowMillis + MAX_CLOCK_SKEW_MILLIS;
  }
}
