package io.lcim.store;

import java.util.Arrays;

/** A growable byte buffer for building index keys (unsynchronised, unlike ByteArrayOutputStream). */
final class ByteSink {

  private byte[] bytes;
  private int size;

  ByteSink() {
    this(32);
  }

  ByteSink(int capacity) {
    bytes = new byte[capacity];
  }

  int size() {
    return size;
  }

  void reset(int newSize) {
    size = newSize;
  }

  void put(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void put(byte[] data) {
    ensure(data.length);
    System.arraycopy(data, 0, bytes, size, data.length);
    size += data.length;
  }

  void putShort(int value) {
    put(value >>> 8);
    put(value);
  }

  void putInt(int value) {
    putShort(value >>> 16);
    putShort(value);
  }

  void putLong(long value) {
    putInt((int) (value >>> 32));
    putInt((int) value);
  }

  /** Inverts the bytes from {@code from} to the end: turns an ascending encoding into a descending one. */
  void invertFrom(int from) {
    for (int i = from; i < size; i++) {
      bytes[i] = (byte) ~bytes[i];
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  byte[] copyRange(int from) {
    return Arrays.copyOfRange(bytes, from, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
