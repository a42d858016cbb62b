package io.lcim.gateway;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Which device last logged in with a given client id and tag, kept in Redis ({@code im:tag-owner:...}) for as long
 * as that login's session token lives. A session of another device with the same tag that comes back with
 * {@code r: true} was replaced meanwhile and is refused with 4111 (docs/protocol.md §3.1).
 */
final class TagOwners {

  private static final String PREFIX = "im:tag-owner:";
  /** Stored for a tagged login without device id: such logins never own a tag against each other. */
  private static final String NO_DEVICE = "";

  private final Redis redis;
  private final long ttlMillis;

  TagOwners(Redis redis, long ttlMillis) {
    this.redis = redis;
    this.ttlMillis = ttlMillis;
  }

  /** A fresh login with {@code tag} on {@code deviceId} (may be null) now owns the tag. */
  Future<Void> claim(String clientId, String tag, String deviceId) {
    return redis.send(Request.cmd(Command.SET).arg(key(clientId, tag)).arg(orNone(deviceId))
      .arg("PX").arg(ttlMillis)).mapEmpty();
  }

  /** Whether a session of {@code deviceId} may come back with this tag: no other device took it since. */
  Future<Boolean> mayResume(String clientId, String tag, String deviceId) {
    return redis.send(Request.cmd(Command.GET).arg(key(clientId, tag)))
      .map(owner -> owner == null || owner.toString().equals(orNone(deviceId)));
  }

  /** The client id's length keeps "a:b" + "c" apart from "a" + "b:c". */
  private static String key(String clientId, String tag) {
    return PREFIX + clientId.length() + ":" + clientId + ":" + tag;
  }

  private static String orNone(String deviceId) {
    return deviceId == null ? NO_DEVICE : deviceId;
  }
}
