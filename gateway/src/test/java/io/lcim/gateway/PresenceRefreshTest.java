package io.lcim.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PresenceRefreshTest extends GatewayTestBase {

  @Override
  JsonObject configOverrides() {
    return new JsonObject().put("IM_PRESENCE_TTL_SECONDS", "1");
  }

  @Test
  void aLiveSessionStaysPresentLongAfterOneTtl() throws InterruptedException {
    String tom = uniqueId("Tom");
    loggedIn(tom);

    // Without the periodic refresh (every TTL/3) the entry written at login lapses after 1 s.
    Thread.sleep(2500);

    assertThat(await(presence.online(List.of(tom)))).containsExactly(tom);
  }
}
