package io.lcim.common;

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

  /** RESP2 so that replies have one shape whatever the server version (HGETALL as a flat array). */
  public static Redis redis(Vertx vertx, StoresConfig config) {
    return Redis.createClient(vertx, new RedisOptions()
      .setConnectionString(config.redisUri())
      .setPreferredProtocolVersion(ProtocolVersion.RESP2)
      .setMaxPoolSize(8)
      .setMaxPoolWaiting(1024));
  }

  public static Future<Void> pingMongo(MongoClient mongo) {
    return mongo.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty();
  }

  public static Future<Void> pingRedis(Redis redis) {
    return redis.send(Request.cmd(Command.PING)).mapEmpty();
  }
}
