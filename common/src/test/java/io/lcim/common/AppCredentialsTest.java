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
      "X-LC-Sign", "d75e062a6ec3557603bc9acb50bfb49e,1795665703013"))).isEqualTo(AppCredentials.Access.APP);
  }

  @Test
  void masterSignAndKeys() {
    String sign = AppCredentials.md5Hex("42theMaster") + ",42,master";
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
}
