package io.lcim.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

  @Test
  void idsSortInIssueOrderAndTimestampsNeverGoBack() {
    MessageIds ids = new MessageIds(0xabcdef);
    List<MessageIds.Stamped> issued = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      issued.add(ids.next());
    }
    for (int i = 1; i < issued.size(); i++) {
      MessageIds.Stamped prev = issued.get(i - 1);
      MessageIds.Stamped cur = issued.get(i);
      assertThat(cur.timestamp()).isGreaterThanOrEqualTo(prev.timestamp());
      assertThat(cur.id().compareTo(prev.id())).isPositive();
    }
    assertThat(issued.get(0).id()).hasSize(24).matches("[0-9a-f]{24}").endsWith("abcdef");
  }

  @Test
  void idEmbedsItsTimestamp() {
    MessageIds.Stamped s = new MessageIds().next();
    assertThat(Long.parseLong(s.id().substring(0, 12), 16)).isEqualTo(s.timestamp());
  }
}
