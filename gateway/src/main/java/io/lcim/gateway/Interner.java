package io.lcim.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared instance per distinct value of a string that many sessions repeat (login tags), so that each session
 * holds a reference instead of its own copy. Bounded: values beyond {@link #MAX_VALUES} distinct ones (not what
 * tags look like) are returned as they are instead of growing the table. Confined to one event loop.
 */
final class Interner {

  static final int MAX_VALUES = 256;

  private final Map<String, String> values = new HashMap<>();

  /** The shared instance equal to {@code value}; null for null. */
  String intern(String value) {
    if (value == null) {
      return null;
    }
    String shared = values.get(value);
    if (shared != null) {
      return shared;
    }
    if (values.size() < MAX_VALUES) {
      values.put(value, value);
    }
    return value;
  }
}
