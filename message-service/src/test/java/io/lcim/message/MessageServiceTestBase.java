package io.lcim.message;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One {@link MessageServiceHarness} (a deployed message-service on embedded stores) per test class. A subclass that
 * needs more set-up adds its own {@code @BeforeAll}, which JUnit runs after this one.
 */
abstract class MessageServiceTestBase {

  static MessageServiceHarness harness;

  @BeforeAll
  static void startService() {
    harness = MessageServiceHarness.start(new JsonObject());
  }

  @AfterAll
  static void stopService() {
    harness.close();
  }
}
