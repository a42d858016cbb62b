package io.lcim.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {

  @Test
  void singleRanges() {
    assertThat(ByteRange.parse("bytes=0-0", 10)).isEqualTo(new ByteRange(0, 0));
    assertThat(ByteRange.parse("bytes=2-5", 10)).isEqualTo(new ByteRange(2, 5));
    assertThat(ByteRange.parse("bytes=2-", 10)).isEqualTo(new ByteRange(2, 9));
    assertThat(ByteRange.parse("bytes=8-100", 10)).isEqualTo(new ByteRange(8, 9));
    assertThat(ByteRange.parse("BYTES = 1 - 2", 10)).isEqualTo(new ByteRange(1, 2));
    assertThat(ByteRange.parse("bytes=3-99999999999999999999999", 10)).isEqualTo(new ByteRange(3, 9));
    assertThat(new ByteRange(2, 5).length()).isEqualTo(4);
  }

  @Test
  void suffixRanges() {
    assertThat(ByteRange.parse("bytes=-3", 10)).isEqualTo(new ByteRange(7, 9));
    assertThat(ByteRange.parse("bytes=-30", 10)).isEqualTo(new ByteRange(0, 9));
    assertThat(ByteRange.parse("bytes=-0", 10)).isSameAs(ByteRange.UNSATISFIABLE);
    assertThat(ByteRange.parse("bytes=-5", 0)).isSameAs(ByteRange.UNSATISFIABLE);
  }

  @Test
  void unsatisfiable() {
    assertThat(ByteRange.parse("bytes=10-", 10)).isSameAs(ByteRange.UNSATISFIABLE);
    assertThat(ByteRange.parse("bytes=0-0", 0)).isSameAs(ByteRange.UNSATISFIABLE);
    assertThat(ByteRange.parse("bytes=99999999999999999999-", 10)).isSameAs(ByteRange.UNSATISFIABLE);
  }

  @Test
  void ignoredHeadersServeTheWholeFile() {
    assertThat(ByteRange.parse(null, 10)).isNull();
    assertThat(ByteRange.parse("bytes=5-2", 10)).isNull();
    assertThat(ByteRange.parse("bytes=0-1,3-4", 10)).isNull();
    assertThat(ByteRange.parse("bytes=-", 10)).isNull();
    assertThat(ByteRange.parse("items=0-1", 10)).isNull();
    assertThat(ByteRange.parse("bytes=a-b", 10)).isNull();
  }
}
