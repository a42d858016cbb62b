package io.lcim.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

  @Test
  void cleanRemovesControlCharactersAndBoundsLength() {
    assertThat(FileNames.clean("a\r\nb\u0000c.png")).isEqualTo("abc.png");
    assertThat(FileNames.clean(null)).isEqualTo("file");
    assertThat(FileNames.clean(" \t ")).isEqualTo("file");
    assertThat(FileNames.clean("x".repeat(1000))).hasSize(FileNames.MAX_LENGTH);
    assertThat(FileNames.clean("发自我的小米.jpg")).isEqualTo("发自我的小米.jpg");
  }

  @Test
  void pathSegmentEncodesEverythingThatCouldEscapeIt() {
    assertThat(FileNames.pathSegment("avatar.jpg")).isEqualTo("avatar.jpg");
    assertThat(FileNames.pathSegment("a b+c.png")).isEqualTo("a%20b%2Bc.png");
    assertThat(FileNames.pathSegment("../x?y#z")).isEqualTo("..%2Fx%3Fy%23z");
    assertThat(FileNames.pathSegment("..")).isEqualTo("%2E%2E");
    assertThat(FileNames.pathSegment(".")).isEqualTo("%2E");
    assertThat(FileNames.pathSegment("图.png")).isEqualTo("%E5%9B%BE.png");
  }

  @Test
  void contentDispositionHasAnAsciiFallbackAndRfc5987Name() {
    assertThat(FileNames.contentDisposition("a \"b\"\\.txt"))
      .isEqualTo("inline; filename=\"a _b__.txt\"; filename*=UTF-8''a%20%22b%22%5C.txt");
    assertThat(FileNames.contentDisposition("图.png"))
      .isEqualTo("inline; filename=\"_.png\"; filename*=UTF-8''%E5%9B%BE.png");
  }
}
