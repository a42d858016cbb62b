package io.lcim.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** The MVStore data types of the store's maps: cheap to compare and compact on disk. */
final class StoreTypes {

  private StoreTypes() {
  }

  /**
   * Index keys: byte strings compared as unsigned bytes. A page stores each key as the length of the prefix it
   * shares with the previous key plus the rest, since neighbouring index keys mostly share their leading fields.
   */
  static final class IndexKeyType extends BasicDataType<byte[]> {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    @Override
    public int compare(byte[] a, byte[] b) {
      return Arrays.compareUnsigned(a, b);
    }

    @Override
    public int getMemory(byte[] key) {
      return 24 + key.length;
    }

    @Override
    public void write(WriteBuffer buff, byte[] key) {
      buff.putVarInt(key.length).put(key);
    }

    @Override
    public byte[] read(ByteBuffer buff) {
      byte[] key = new byte[DataUtils.readVarInt(buff)];
      buff.get(key);
      return key;
    }

    @Override
    public void write(WriteBuffer buff, Object storage, int len) {
      byte[][] keys = cast(storage);
      byte[] previous = new byte[0];
      for (int i = 0; i < len; i++) {
        byte[] key = keys[i];
        int mismatch = Arrays.mismatch(previous, key);
        int shared = mismatch < 0 ? key.length : mismatch;
        buff.putVarInt(shared).putVarInt(key.length - shared).put(key, shared, key.length - shared);
        previous = key;
      }
    }

    @Override
    public void read(ByteBuffer buff, Object storage, int len) {
      byte[][] keys = cast(storage);
      byte[] previous = new byte[0];
      for (int i = 0; i < len; i++) {
        int shared = DataUtils.readVarInt(buff);
        int rest = DataUtils.readVarInt(buff);
        byte[] key = Arrays.copyOf(previous, shared + rest);
        buff.get(key, shared, rest);
        keys[i] = key;
        previous = key;
      }
    }

    @Override
    public byte[][] createStorage(int size) {
      return new byte[size][];
    }
  }

  /** Document positions: a page stores the first one and then the (small, positive) gaps. */
  static final class PositionType extends BasicDataType<Long> {

    static final PositionType INSTANCE = new PositionType();

    @Override
    public int compare(Long a, Long b) {
      return Long.compare(a, b);
    }

    @Override
    public int getMemory(Long position) {
      return 24;
    }

    @Override
    public void write(WriteBuffer buff, Long position) {
      buff.putVarLong(position);
    }

    @Override
    public Long read(ByteBuffer buff) {
      return DataUtils.readVarLong(buff);
    }

    @Override
    public void write(WriteBuffer buff, Object storage, int len) {
      Long[] positions = cast(storage);
      long previous = 0;
      for (int i = 0; i < len; i++) {
        buff.putVarLong(positions[i] - previous);
        previous = positions[i];
      }
    }

    @Override
    public void read(ByteBuffer buff, Object storage, int len) {
      Long[] positions = cast(storage);
      long previous = 0;
      for (int i = 0; i < len; i++) {
        previous += DataUtils.readVarLong(buff);
        positions[i] = previous;
      }
    }

    @Override
    public Long[] createStorage(int size) {
      return new Long[size];
    }
  }

  /** Documents as BSON bytes. */
  static final class BsonType extends BasicDataType<byte[]> {

    static final BsonType INSTANCE = new BsonType();

    @Override
    public int getMemory(byte[] bson) {
      return 24 + bson.length;
    }

    @Override
    public void write(WriteBuffer buff, byte[] bson) {
      buff.putVarInt(bson.length).put(bson);
    }

    @Override
    public byte[] read(ByteBuffer buff) {
      byte[] bson = new byte[DataUtils.readVarInt(buff)];
      buff.get(bson);
      return bson;
    }

    @Override
    public byte[][] createStorage(int size) {
      return new byte[size][];
    }
  }

  /** The value of an index entry: everything is in the key, so nothing is written. */
  static final class PresentType extends BasicDataType<Boolean> {

    static final PresentType INSTANCE = new PresentType();

    @Override
    public int getMemory(Boolean value) {
      return 0;
    }

    @Override
    public void write(WriteBuffer buff, Boolean value) {
      // nothing
    }

    @Override
    public Boolean read(ByteBuffer buff) {
      return Boolean.TRUE;
    }

    @Override
    public Boolean[] createStorage(int size) {
      return new Boolean[size];
    }
  }
}
