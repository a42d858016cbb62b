package io.lcim.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scanner finds config keys in the forms the code uses, and refuses forms it cannot see through. */
class ConfigKeyScannerTest {

  @Test
  void findsLiteralConstantAndQualifiedKeysWithTheirDefaults() {
    Map<Path, String> sources = new LinkedHashMap<>();
    sources.put(Path.of("FooConfig.java"), """
      class FooConfig {
        public static final String PORT = "IM_FOO_PORT";
        static Foo from(JsonObject config) {
          // ConfigValues.string(config, "IM_COMMENTED_OUT", null)
          /* ConfigValues.string(config, "IM_ALSO_COMMENTED_OUT", null) */
          String note = "ConfigValues.string(config, \\"IM_IN_A_STRING\\", null)";
          return new Foo(ConfigValues.integer(config, PORT, 8_080),
            ConfigValues.string(config, "IM_FOO_HOST", "0.0.0.0"),
            ConfigValues.longValue(config, OtherConfig.TTL, Math.max(1, 2)),
            ConfigValues.bool(config, "IM_FOO_FLAG", true), System.getenv("IM_RAW"), config.getString("IM_DIRECT"));
        }
      }
      """);
    sources.put(Path.of("OtherConfig.java"), "class OtherConfig { static final String TTL = \"IM_TTL\"; }");

    Map<String, List<ConfigKeyScanner.ConfigRead>> reads = ConfigKeyScanner.scanSources(sources);

    assertThat(reads).containsOnlyKeys("IM_FOO_PORT", "IM_FOO_HOST", "IM_TTL", "IM_FOO_FLAG", "IM_RAW", "IM_DIRECT");
    assertThat(reads.get("IM_FOO_PORT").get(0).integerDefault()).contains(8080L);
    assertThat(reads.get("IM_FOO_PORT").get(0).location()).isEqualTo("FooConfig.java:7");
    assertThat(reads.get("IM_TTL").get(0).defaultExpression()).isEqualTo("Math.max(1, 2)");
    assertThat(reads.get("IM_TTL").get(0).integerDefault()).isEmpty();
  }

  @Test
  void aKeyItCannotResolveFailsTheScan() {
    Map<Path, String> sources = Map.of(Path.of("Bad.java"),
      "class Bad { int port(JsonObject c) { return ConfigValues.integer(c, keyFor(\"port\"), 1); } }");

    assertThatThrownBy(() -> ConfigKeyScanner.scanSources(sources))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("Bad.java:1")
      .hasMessageContaining("keyFor");
  }

  @Test
  void aStaticImportOfConfigValuesFailsTheScan() {
    Map<Path, String> sources = Map.of(Path.of("Sneaky.java"),
      "import static io.lcim.common.ConfigValues.string;\nclass Sneaky { String h(JsonObject c) { "
        + "return string(c, \"IM_HIDDEN\", null); } }");

    assertThatThrownBy(() -> ConfigKeyScanner.scanSources(sources)).hasMessageContaining("static import");
  }

  @Test
  void theRealSourcesYieldTheKeysTheIssueNames() {
    Map<String, List<ConfigKeyScanner.ConfigRead>> gateway = ServiceConfigChecks.readsOf("gateway");

    assertThat(gateway).containsKeys("IM_PORT", "IM_HOST", "MONGO_URI", "REDIS_URI", "CLUSTER_K8S_SERVICE_DNS",
      "IM_MANAGEMENT_PORT", "IM_MASTER_KEY");
    assertThat(gateway.get("IM_PORT")).anySatisfy(read -> assertThat(read.integerDefault()).contains(8080L));
    assertThat(ServiceConfigChecks.readsOf("message-service")).containsKeys("IM_HISTORY_TTL_DAYS",
      "IM_MAX_MESSAGE_BYTES");
  }
}
