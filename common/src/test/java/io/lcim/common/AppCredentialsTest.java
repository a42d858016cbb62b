package io.lcim.common;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppCredentialsTest {

  private final AppCredentials credentials = new AppCredentials("app", "testAppKey", "theMaster");

  private static MultiMap headers(String... pairs) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void signMatchesTheValueTheStorageSdkSent() {
    // Observed in docs/storage-and-rest.md §1.2: md5("1795665703013" + "testAppKey").
    assertThat(AppCredentials.md5Hex("1795665703013testAppKey")).isEqualTo("d75e062a6ec3557603bc9acb50bfb49e");
    assertThat(credentials.authenticate(headers("X-LC-Id", "app",
      "X-LC-Sign", "d75e062a6ec3557603bc9acb50bfb49e,1795665703013"), 1795665703013L + 1000))
      .isEqualTo(AppCredentials.Access.APP);
  }

  @Test
  void masterSignAndKeys() {
    long now = System.currentTimeMillis();
    String sign = AppCredentials.md5Hex(now + "theMaster") + "," + now + ",master";
    assertThat(credentials.authenticate(headers("X-LC-Id", "app", "X-LC-Sign", sign)))
      .isEqualTo(AppCredentials.Access.MASTER);
    assertThat(credentials.authenticate(headers("X-LC-Id", "app", "X-LC-Key", "theMaster,master")))
      .isEqualTo(AppCredentials.Access.MASTER);
    assertThat(credentials.authenticate(headers("X-LC-Id", "app", "X-LC-Key", "testAppKey")))
      .isEqualTo(AppCredentials.Access.APP);
  }

  @Test
  void wrongOrMissingCredentialsGetNothing() {
    assertThat(credentials.authenticate(headers("X-LC-Id", "other", "X-LC-Key", "testAppKey")))
      .isEqualTo(AppCredentials.Access.NONE);
    assertThat(credentials.authenticate(headers("X-LC-Id", "app", "X-LC-Key", "testAppKey,master")))
      .isEqualTo(AppCredentials.Access.NONE);
    assertThat(credentials.authenticate(headers("X-LC-Id", "app", "X-LC-Sign", "bad,1")))
      .isEqualTo(AppCredentials.Access.NONE);
    assertThat(credentials.authenticate(headers("X-LC-Id", "app", "X-LC-Sign", "a,b,c,d")))
      .isEqualTo(AppCredentials.Access.NONE);
    assertThat(credentials.authenticate(headers("X-LC-Id", "app"))).isEqualTo(AppCredentials.Access.NONE);
    assertThat(credentials.authenticate(headers())).isEqualTo(AppCredentials.Access.NONE);
  }

  @Test
  void signsOutsideTheWindowEitherWayAreRefused() {
    long now = 1_796_385_600_000L;
    long window = AppCredentials.DEFAULT_SIGN_WINDOW_SECONDS * 1000;
    for (long ts : new long[] {now - window, now, now + window}) {
      assertThat(credentials.authenticate(signed(ts, "testAppKey", false), now)).as("ts %d", ts)
        .isEqualTo(AppCredentials.Access.APP);
    }
    for (long ts : new long[] {now - window - 1, now + window + 1, 0, 1, now / 1000}) {
      assertThat(credentials.authenticate(signed(ts, "testAppKey", false), now)).as("ts %d", ts)
        .isEqualTo(AppCredentials.Access.NONE);
      assertThat(credentials.authenticate(signed(ts, "theMaster", true), now)).as("master ts %d", ts)
        .isEqualTo(AppCredentials.Access.NONE);
    }
    assertThat(credentials.authenticate(headers("X-LC-Id", "app",
      "X-LC-Sign", AppCredentials.md5Hex("soon" + "testAppKey") + ",soon"), now)).isEqualTo(AppCredentials.Access.NONE);
    AppCredentials narrow = AppCredentials.from(new io.vertx.core.json.JsonObject()
      .put("IM_APP_ID", "app").put("IM_APP_KEY", "testAppKey").put("IM_REST_SIGN_WINDOW_SECONDS", "60"));
    assertThat(narrow.authenticate(signed(now - 60_000, "testAppKey", false), now))
      .isEqualTo(AppCredentials.Access.APP);
    assertThat(narrow.authenticate(signed(now - 60_001, "testAppKey", false), now))
      .isEqualTo(AppCredentials.Access.NONE);
  }

  @Test
  void theMasterKeyIsNeverPrinted() {
    assertThat(credentials.toString()).doesNotContain("theMaster").contains("sha256:");
    assertThat(credentials.masterKeyFingerprint()).doesNotContain("theMaster")
      .isNotEqualTo(new AppCredentials("app", "testAppKey", "otherMaster").masterKeyFingerprint());
  }

  private static MultiMap signed(long ts, String key, boolean master) {
    return headers("X-LC-Id", "app", "X-LC-Sign",
      AppCredentials.md5Hex(ts + key) + "," + ts + (master ? ",master" : ""));
  }
}
