package io.lcim.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Documents are stored as the BSON the wire protocol uses, with the library's own encoder and decoder. */
final class BsonCodec {

  private BsonCodec() {
  }

  static byte[] encode(Document document) {
    ByteBuf buffer = Unpooled.buffer(256);
    try {
      BsonEncoder.encodeDocument(document, buffer);
      byte[] bytes = new byte[buffer.readableBytes()];
      buffer.readBytes(bytes);
      return bytes;
    } finally {
      buffer.release();
    }
  }

  static Document decode(byte[] bson) {
    return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
  }
}
