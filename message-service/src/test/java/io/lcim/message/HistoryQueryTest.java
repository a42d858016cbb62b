package io.lcim.message;

import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.LogsCommand.QueryDirection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryQueryTest {

  private static HistoryQuery parse(LogsCommand.Builder logs) {
    return HistoryQuery.from(logs.setCid("c").build(), 20, 1000);
  }

  @Test
  void pageSize() {
    assertThat(parse(LogsCommand.newBuilder()).limit()).isEqualTo(20);
    assertThat(parse(LogsCommand.newBuilder().setL(7)).limit()).isEqualTo(7);
    assertThat(parse(LogsCommand.newBuilder().setLimit(9)).limit()).isEqualTo(9);
    assertThat(parse(LogsCommand.newBuilder().setL(7).setLimit(9)).limit()).isEqualTo(7);
    assertThat(parse(LogsCommand.newBuilder().setL(5000)).limit()).isEqualTo(1000);
    assertThat(parse(LogsCommand.newBuilder().setL(0)).limit()).isZero();
    assertThat(parse(LogsCommand.newBuilder().setL(-1)).limit()).isZero();
  }

  @Test
  void cursorsAndDirection() {
    HistoryQuery sdkDefault = parse(LogsCommand.newBuilder());
    assertThat(sdkDefault.direction()).isEqualTo(QueryDirection.OLD);
    assertThat(sdkDefault.newestFirst()).isTrue();
    assertThat(sdkDefault.start()).isNull();
    assertThat(sdkDefault.end()).isNull();
    assertThat(sdkDefault.lctype()).isNull();

    HistoryQuery full = parse(LogsCommand.newBuilder().setT(10).setMid("m").setTIncluded(true).setTt(5)
      .setTmid("n").setDirection(QueryDirection.NEW).setLctype(-2));
    assertThat(full.start()).isEqualTo(new HistoryQuery.Cursor(10, "m", true));
    assertThat(full.end()).isEqualTo(new HistoryQuery.Cursor(5, "n", false));
    assertThat(full.newestFirst()).isFalse();
    assertThat(full.lctype()).isEqualTo(-2);

    assertThat(parse(LogsCommand.newBuilder().setMid("m")).start()).as("an id alone is no cursor").isNull();
  }
}
