package io.lcim.bench;

import java.util.Arrays;

/**
 * The measured times of one case, in nanoseconds. Percentiles are nearest-rank: p99 of 100 samples is the
 * 99th smallest.
 */
record Latencies(String scenario, String name, long[] nanos) {

  Latencies {
    nanos = nanos.clone();
    Arrays.sort(nanos);
  }

  double percentileMillis(double fraction) {
    int rank = (int) Math.ceil(fraction * nanos.length);
    return nanos[Math.max(0, rank - 1)] / 1e6;
  }

  double maxMillis() {
    return nanos[nanos.length - 1] / 1e6;
  }

  int count() {
    return nanos.length;
  }
}
