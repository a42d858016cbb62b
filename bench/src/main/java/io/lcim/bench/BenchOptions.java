package io.lcim.bench;

import io.lcim.common.ConfigValues;
import io.lcim.common.StoresConfig;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the history benchmark runs. Sizes come from {@code --name=value} arguments; where the stores are comes from
 * the environment as for the services ({@code MONGO_URI}, {@code REDIS_URI}), embedded when unset.
 *
 * @param single          {@code --single}: messages in the one large conversation; 0 skips that scenario
 * @param conversations   {@code --conversations}: conversations in the many-conversations scenario; 0 skips it
 * @param perConversation {@code --per-conversation}: messages in each of them
 * @param samples         {@code --samples}: measured pages per case
 * @param warmup          {@code --warmup}: pages fetched before each case and not measured (JIT, caches)
 * @param batch           {@code --batch}: messages per bulk insert
 * @param page            {@code --page}: page size asked for ({@code l})
 * @param mongoUri        {@code MONGO_URI}, or null for the embedded in-memory MongoDB-wire store
 * @param redisUri        {@code REDIS_URI}, or null for an embedded Redis (the service needs one to start)
 * @param database        {@code --database}: prefix of the databases filled (their {@code messages} collection is
 *                        dropped first)
 */
record BenchOptions(int single, int conversations, int perConversation, int samples, int warmup, int batch,
                    int page, String mongoUri, String redisUri, String database) {

  static final Map<String, String> DEFAULTS = Map.of(
    "single", "100000",
    "conversations", "1000",
    "per-conversation", "1000",
    "samples", "100",
    "warmup", "5",
    "batch", "5000",
    "page", "20",
    "database", "lcim-bench");

  BenchOptions {
    if (single < 0 || conversations < 0 || perConversation < 0) {
      throw new IllegalArgumentException("sizes must not be negative");
    }
    if (samples <= 0 || warmup < 0 || batch <= 0 || page <= 0) {
      throw new IllegalArgumentException("--samples, --batch and --page must be positive, --warmup not negative");
    }
  }

  static BenchOptions parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new TreeMap<>(DEFAULTS);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0 || !DEFAULTS.containsKey(arg.substring(2, eq))) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; options: " + DEFAULTS.keySet()
          + " as --name=value");
      }
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    JsonObject environment = ConfigValues.fromMap(env);
    return new BenchOptions(
      number(values, "single"), number(values, "conversations"), number(values, "per-conversation"),
      number(values, "samples"), number(values, "warmup"), number(values, "batch"), number(values, "page"),
      ConfigValues.string(environment, StoresConfig.MONGO_URI, null),
      ConfigValues.string(environment, StoresConfig.REDIS_URI, null),
      values.get("database"));
  }

  private static int number(Map<String, String> values, String name) {
    try {
      return Integer.parseInt(values.get(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + values.get(name) + "'");
    }
  }
}
