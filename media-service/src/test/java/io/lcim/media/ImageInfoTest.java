package io.lcim.media;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ImageInfoTest {

  @Test
  void imageIoOutput() throws IOException {
    assertThat(ImageInfo.parse(DownloadTest.image(300, 200, "png"))).contains(new ImageInfo("png", 300, 200));
    assertThat(ImageInfo.parse(DownloadTest.image(17, 1000, "jpeg"))).contains(new ImageInfo("jpeg", 17, 1000));
    assertThat(ImageInfo.parse(DownloadTest.image(1, 2, "gif"))).contains(new ImageInfo("gif", 1, 2));
    assertThat(ImageInfo.parse(DownloadTest.image(640, 480, "bmp"))).contains(new ImageInfo("bmp", 640, 480));
  }

  @Test
  void jpegWithLargeMetadataBeforeTheFrame() throws IOException {
    Buffer jpeg = DownloadTest.image(33, 44, "jpeg");
    // SOI, then a 60 KB APP1 segment (as an EXIF thumbnail would be), then the rest of the file.
    Buffer withExif = Buffer.buffer().appendBytes(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1})
      .appendUnsignedShort(60_002).appendBytes(new byte[60_000]).appendBuffer(jpeg, 2, jpeg.length() - 2);
    assertThat(ImageInfo.parse(withExif)).contains(new ImageInfo("jpeg", 33, 44));
  }

  @Test
  void webpHeaders() {
    Buffer lossless = riff("VP8L").appendIntLE(0).appendByte((byte) 0x2F)
      // width-1 = 99 (14 bits), height-1 = 49 (14 bits), packed little-endian
      .appendIntLE(99 | (49 << 14));
    assertThat(ImageInfo.parse(lossless)).contains(new ImageInfo("webp", 100, 50));

    Buffer extended = riff("VP8X").appendIntLE(10).appendIntLE(0)
      .appendMediumLE(1999).appendMediumLE(999);
    assertThat(ImageInfo.parse(extended)).contains(new ImageInfo("webp", 2000, 1000));

    Buffer lossy = riff("VP8 ").appendIntLE(0).appendBytes(new byte[]{0, 0, 0, (byte) 0x9D, 0x01, 0x2A})
      .appendShortLE((short) 320).appendShortLE((short) 240);
    assertThat(ImageInfo.parse(lossy)).contains(new ImageInfo("webp", 320, 240));
  }

  @Test
  void notImages() throws IOException {
    assertThat(ImageInfo.parse(Buffer.buffer("hello world, this is text"))).isEmpty();
    assertThat(ImageInfo.parse(Buffer.buffer())).isEmpty();
    Buffer png = DownloadTest.image(3, 3, "png");
    assertThat(ImageInfo.parse(png.getBuffer(0, 12))).as("cut before IHDR").isEmpty();
    assertThat(ImageInfo.parse(Buffer.buffer(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2})))
      .as("scan before any frame header").isEmpty();
  }

  private static Buffer riff(String chunk) {
    return Buffer.buffer().appendString("RIFF").appendIntLE(100).appendString("WEBP").appendString(chunk);
  }
}
