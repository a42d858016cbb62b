package io.lcim.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON payloads of the unread, membership-change and session-control addresses survive the event bus. */
class ControlPayloadsTest {

  @Test
  void unreadRequestsRoundTripWithAndWithoutACursor() {
    UnreadRequest first = new UnreadRequest("Tom", null);
    UnreadRequest returning = new UnreadRequest("Tom", 1234L);

    assertThat(UnreadRequest.fromJson(new JsonObject(first.toJson().encode()))).isEqualTo(first);
    assertThat(UnreadRequest.fromJson(new JsonObject(returning.toJson().encode()))).isEqualTo(returning);
    assertThat(first.toJson().containsKey("since")).isFalse();
    assertThatThrownBy(() -> UnreadRequest.fromJson(new JsonObject()))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnreadRequest.fromJson(new JsonObject().put("clientId", "Tom").put("since", "soon")))
      .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void membershipChangesRoundTrip() {
    MembershipChange joined = MembershipChange.joined("c1", List.of("Tom", "Jerry"), 42, true);
    MembershipChange left = MembershipChange.left("c1", List.of("Mary"), 43);

    assertThat(MembershipChange.fromJson(new JsonObject(joined.toJson().encode()))).isEqualTo(joined);
    assertThat(MembershipChange.fromJson(new JsonObject(left.toJson().encode()))).isEqualTo(left);
    assertThat(left.joined()).isEmpty();
    assertThat(left.newConversation()).isFalse();
    assertThatThrownBy(() -> MembershipChange.fromJson(new JsonObject().put("cid", "c1")))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MembershipChange.fromJson(new JsonObject().put("cid", "c1").put("at", 1)
      .put("joined", "Tom"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(MembershipChange.fromJson(new JsonObject().put("cid", "c1").put("at", 1)
      .put("joined", new JsonArray().add("Tom"))).left()).isEmpty();
  }

  @Test
  void sessionConflictsRoundTripWithAndWithoutADevice() {
    SessionConflict withDevice = new SessionConflict("Tom", "Mobile", "device-2", "session-9");
    SessionConflict withoutDevice = new SessionConflict("Tom", "Mobile", null, "session-9");

    assertThat(SessionConflict.fromJson(new JsonObject(withDevice.toJson().encode()))).isEqualTo(withDevice);
    assertThat(SessionConflict.fromJson(new JsonObject(withoutDevice.toJson().encode()))).isEqualTo(withoutDevice);
    assertThatThrownBy(() -> SessionConflict.fromJson(new JsonObject().put("clientId", "Tom").put("keep", "s")))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
