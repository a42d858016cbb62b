package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;

/** The key encoding orders values exactly like the library's comparator (the planner depends on it). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyEncoderTest {

  private final Random random = new Random(42);

  @Test
  void byteOrderEqualsTheLibrarysOrder() {
    List<Object> values = values(3000);
    List<byte[]> encoded = new ArrayList<>();
    for (Object value : values) {
      ByteSink sink = new ByteSink();
      KeyEncoder.encode(value, sink);
      encoded.add(sink.toByteArray());
    }
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < values.size(); j += 7) {
        int expected = Integer.signum(ValueComparator.asc().compare(values.get(i), values.get(j)));
        int actual = Integer.signum(Arrays.compareUnsigned(encoded.get(i), encoded.get(j)));
        if (actual != expected) {
          throw new AssertionError(describe(values.get(i)) + " vs " + describe(values.get(j)) + ": encoded order "
            + actual + ", library order " + expected);
        }
      }
    }
  }

  @Test
  void compoundKeysWithDescendingFieldsKeepTheOrder() {
    List<Object> values = values(400);
    List<Object[]> pairs = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Object[] pair = {values.get(random.nextInt(values.size())), values.get(random.nextInt(values.size()))};
      ByteSink sink = new ByteSink();
      KeyEncoder.encode(pair[0], sink);
      int mark = sink.size();
      KeyEncoder.encode(pair[1], sink);
      sink.invertFrom(mark);
      pairs.add(pair);
      keys.add(sink.toByteArray());
    }
    for (int i = 0; i < pairs.size(); i++) {
      for (int j = 0; j < pairs.size(); j += 3) {
        int first = ValueComparator.asc().compare(pairs.get(i)[0], pairs.get(j)[0]);
        int expected = first != 0 ? first : -ValueComparator.asc().compare(pairs.get(i)[1], pairs.get(j)[1]);
        if (Integer.signum(Arrays.compareUnsigned(keys.get(i), keys.get(j))) != Integer.signum(expected)) {
          throw new AssertionError("(" + describe(pairs.get(i)[0]) + ", " + describe(pairs.get(i)[1]) + ") vs ("
            + describe(pairs.get(j)[0]) + ", " + describe(pairs.get(j)[1]) + ")");
        }
      }
    }
  }

  @Test
  void valuesWhoseOrderMayDifferAreUnsortable() {
    for (Object value : List.of(Double.NaN, Double.POSITIVE_INFINITY, 3e9 + 0.5, 1e19, List.of(1),
      new de.bwaldvogel.mongo.bson.Document("a", 1), Instant.ofEpochSecond(1, 5))) {
      assertThat(KeyEncoder.encode(value, new ByteSink())).as("%s", value).isFalse();
    }
  }

  @Test
  void numbersOfEveryTypeAreEqualByValue() {
    assertThat(encode(5)).isEqualTo(encode(5L)).isEqualTo(encode(5.0));
    assertThat(encode(0)).isEqualTo(encode(-0.0));
    assertThat(encode(1L << 53)).isEqualTo(encode((double) (1L << 53)));
    assertThat(Arrays.compareUnsigned(encode((1L << 53) + 1), encode((double) (1L << 53)))).isPositive();
    assertThat(Arrays.compareUnsigned(encode(Long.MIN_VALUE), encode(-Double.MAX_VALUE))).isPositive();
    assertThat(encode(null)).isEqualTo(encode(Missing.getInstance()));
  }

  private static byte[] encode(Object value) {
    ByteSink sink = new ByteSink();
    KeyEncoder.encode(value, sink);
    return sink.toByteArray();
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
  }

  private List<Object> values(int count) {
    List<Object> values = new ArrayList<>(List.of(MinKey.getInstance(), MaxKey.getInstance(), Long.MIN_VALUE,
      Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
      Double.MAX_VALUE, -Double.MAX_VALUE, 1e-310, -1e-310, "", "\0", "a\0", "a", "\uffff", "\ud83d\ude00", true,
      false, Missing.getInstance()));
    values.add(null);
    while (values.size() < count) {
      values.add(randomValue());
    }
    // values whose order may differ from the library's are reported unsortable (the planner never sorts by them)
    values.removeIf(value -> !KeyEncoder.encode(value, new ByteSink()));
    return values;
  }

  private Object randomValue() {
    switch (random.nextInt(12)) {
      case 0:
        return random.nextInt(2000) - 1000;
      case 1:
        return random.nextLong();
      case 2:
        return 1_700_000_000_000L + random.nextInt(1_000_000);
      case 3:
        return (random.nextDouble() - 0.5) * 1e6;
      case 4:
        return (double) (random.nextInt(2000) - 1000);
      case 5:
        return Math.scalb(random.nextDouble(), random.nextInt(2000) - 1000) * (random.nextBoolean() ? 1 : -1);
      case 6:
        return randomString();
      case 7:
        return Instant.ofEpochMilli(random.nextLong() >> 20);
      case 8:
        byte[] id = new byte[12];
        random.nextBytes(id);
        return new ObjectId(id);
      case 9:
        return new BsonTimestamp(random.nextLong());
      case 10:
        byte[] data = new byte[random.nextInt(5)];
        random.nextBytes(data);
        return new BinData(data);
      default:
        return random.nextBoolean();
    }
  }

  private String randomString() {
    StringBuilder builder = new StringBuilder();
    int length = random.nextInt(6);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(4)) {
        case 0 -> builder.append((char) ('a' + random.nextInt(3)));
        case 1 -> builder.append((char) random.nextInt(0x80));
        case 2 -> builder.append((char) (0xD800 + random.nextInt(0x800)));
        default -> builder.append((char) random.nextInt(0x10000));
      }
    }
    return builder.toString();
  }
}
