package io.lcim.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTypesTest {

  @Test
  void typedMessagesGiveTheirLctype() {
    assertThat(PayloadTypes.lctypeOf("{\"_lctext\":\"耗子，起床！\",\"_lctype\":-1}")).isEqualTo(-1);
    assertThat(PayloadTypes.lctypeOf("  {\"_lcfile\":{\"url\":\"u\"},\"_lctype\":-2}")).isEqualTo(-2);
    assertThat(PayloadTypes.lctypeOf("{\"_lctype\":-127}")).isEqualTo(-127);
    assertThat(PayloadTypes.lctypeOf("{\"_lctype\":7.0}")).isEqualTo(7);
  }

  @Test
  void anythingElseHasNoType() {
    assertThat(PayloadTypes.lctypeOf(null)).isNull();
    assertThat(PayloadTypes.lctypeOf("")).isNull();
    assertThat(PayloadTypes.lctypeOf("hello")).isNull();
    assertThat(PayloadTypes.lctypeOf("{not json")).isNull();
    assertThat(PayloadTypes.lctypeOf("[{\"_lctype\":1}]")).isNull();
    assertThat(PayloadTypes.lctypeOf("{\"a\":1}")).isNull();
    assertThat(PayloadTypes.lctypeOf("{\"_lctype\":\"-1\"}")).isNull();
    assertThat(PayloadTypes.lctypeOf("{\"_lctype\":1.5}")).isNull();
    assertThat(PayloadTypes.lctypeOf("{\"_lctype\":99999999999}")).isNull();
    assertThat(PayloadTypes.lctypeOf("{\"_lctype\":null}")).isNull();
  }
}
