package io.lcim.common;

import io.vertx.core.json.JsonObject;

/**
 * Where MongoDB and Redis are.
 *
 * @param mongoUri a MongoDB connection string ({@code MONGO_URI})
 * @param mongoDb  the database name ({@code MONGO_DB}, default {@code lcim})
 * @param redisUri a Redis connection string ({@code REDIS_URI})
 */
public record StoresConfig(String mongoUri, String mongoDb, String redisUri) {

  public static final String MONGO_URI = "MONGO_URI";
  public static final String MONGO_DB = "MONGO_DB";
  public static final String REDIS_URI = "REDIS_URI";

  public static StoresConfig from(JsonObject config) {
    return new StoresConfig(
      ConfigValues.string(config, MONGO_URI, "mongodb://127.0.0.1:27017"),
      ConfigValues.string(config, MONGO_DB, "lcim"),
      ConfigValues.string(config, REDIS_URI, "redis://127.0.0.1:6379"));
  }

  public JsonObject mongoClientConfig() {
    return new JsonObject().put("connection_string", mongoUri).put("db_name", mongoDb);
  }
}
