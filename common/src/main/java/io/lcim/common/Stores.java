package io.lcim.common;

import com.mongodb.MongoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

/** Creates the store clients every service uses, with the same options everywhere. */
public final class Stores {

  private Stores() {
  }

  public static MongoClient mongo(Vertx vertx, StoresConfig config) {
    return MongoClient.create(vertx, config.mongoClientConfig());
  }

  /**
   * RESP2 so that replies have one shape whatever the server version (HGETALL as a flat array). The pool is sized
   * for bursts: every message's fan-out looks presence up, and a burst of thousands of sends must queue for a
   * connection rather than fail with "pool busy" (bounded all the same: past the waiting limit requests fail).
   */
  public static Redis redis(Vertx vertx, StoresConfig config) {
    return Redis.createClient(vertx, new RedisOptions()
      .setConnectionString(config.redisUri())
      .setPreferredProtocolVersion(ProtocolVersion.RESP2)
      .setMaxPoolSize(REDIS_POOL_SIZE)
      .setMaxPoolWaiting(REDIS_POOL_WAITING)
      .setMaxWaitingHandlers(REDIS_PIPELINE_DEPTH));
  }

  static final int REDIS_POOL_SIZE = 16;
  static final int REDIS_POOL_WAITING = 20_000;
  static final int REDIS_PIPELINE_DEPTH = 4_096;

  private static final int DUPLICATE_KEY = 11000;

  /** A write refused by a unique index (E11000), however the driver wrapped it. */
  public static boolean isDuplicateKey(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MongoException me && me.getCode() == DUPLICATE_KEY) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().contains("E11000")) {
        return true;
      }
    }
    return false;
  }

  public static Future<Void> pingMongo(MongoClient mongo) {
    return mongo.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty();
  }

  public static Future<Void> pingRedis(Redis redis) {
    return redis.send(Request.cmd(Command.PING)).mapEmpty();
  }
}
