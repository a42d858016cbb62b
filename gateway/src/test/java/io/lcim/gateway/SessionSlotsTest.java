package io.lcim.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact session holders of sockets and of the node index, and the session ids of a node. */
@Timeout(10)
class SessionSlotsTest {

  private final SessionIds ids = new SessionIds("node1");
  private final ClientSession tom = session("Tom");
  private final ClientSession jerry = session("Jerry");
  private final ClientSession spike = session("Spike");

  @Test
  void oneSessionIsHeldAsItselfAndSeveralInOrder() {
    Object one = SessionSlots.add(null, tom);
    Object three = SessionSlots.add(SessionSlots.add(one, jerry), spike);

    assertThat(one).isSameAs(tom);
    assertThat(SessionSlots.list(three)).containsExactly(tom, jerry, spike);
    assertThat(SessionSlots.first(three)).isSameAs(tom);
    assertThat(SessionSlots.find(three, "Jerry")).isSameAs(jerry);
    assertThat(SessionSlots.find(three, "Tyke")).isNull();
    assertThat(SessionSlots.list(null)).isEmpty();
  }

  @Test
  void removingKeepsTheOrderAndShrinksBackToASingleSession() {
    Object three = SessionSlots.add(SessionSlots.add(SessionSlots.add(null, tom), jerry), spike);

    Object two = SessionSlots.remove(three, tom);
    Object one = SessionSlots.remove(two, spike);

    assertThat(SessionSlots.list(two)).containsExactly(jerry, spike);
    assertThat(one).isSameAs(jerry);
    assertThat(SessionSlots.remove(one, jerry)).isNull();
  }

  @Test
  void removingWhatIsNotThereReturnsTheSameHolder() {
    Object two = SessionSlots.add(SessionSlots.add(null, tom), jerry);

    assertThat(SessionSlots.remove(two, spike)).isSameAs(two);
    assertThat(SessionSlots.remove(tom, spike)).isSameAs(tom);
    assertThat(SessionSlots.remove(null, spike)).isNull();
    // Another session object of the same client id is not the one held.
    assertThat(SessionSlots.remove(two, session("Tom"))).isSameAs(two);
  }

  @Test
  void puttingASessionOfAClientIdAlreadyThereReplacesItInPlace() {
    ClientSession tomAgain = session("Tom");
    Object two = SessionSlots.add(SessionSlots.add(null, tom), jerry);

    assertThat(SessionSlots.list(SessionSlots.put(two, tomAgain))).containsExactly(tomAgain, jerry);
    assertThat(SessionSlots.put(tom, tomAgain)).isSameAs(tomAgain);
    assertThat(SessionSlots.list(SessionSlots.put(two, spike))).containsExactly(tom, jerry, spike);
  }

  @Test
  void aSessionIdNamesExactlyOneSessionOfOneNode() {
    ClientSession first = new ClientSession(ids, ids.next(), "Tom", null, null, null);
    ClientSession second = new ClientSession(ids, ids.next(), "Tom", null, null, null);
    SessionIds otherNode = new SessionIds("node2");
    ClientSession elsewhere = new ClientSession(otherNode, otherNode.next(), "Tom", null, null, null);

    assertThat(first.sessionId()).isNotEqualTo(second.sessionId()).isNotEqualTo(elsewhere.sessionId());
    assertThat(first.hasId(first.sessionId())).isTrue();
    assertThat(first.hasId(second.sessionId())).isFalse();
    assertThat(first.hasId(elsewhere.sessionId())).isFalse();
    assertThat(first.hasId(null)).isFalse();
    assertThat(first.hasId("node1.")).isFalse();
    assertThat(first.hasId("node1.zz!")).isFalse();
    assertThat(new SessionIds().next()).isEqualTo(1);
  }

  @Test
  void theDeviceIdIsKeptOnlyForATaggedLogin() {
    assertThat(new ClientSession(ids, 1, "Tom", null, "device-1", null).deviceId()).isNull();
    assertThat(new ClientSession(ids, 2, "Tom", "Mobile", "device-1", null).deviceId()).isEqualTo("device-1");
  }

  private ClientSession session(String clientId) {
    return new ClientSession(ids, ids.next(), clientId, null, null, null);
  }
}
