package io.lcim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Prints perf figures (not asserted on time): a small run always, a million messages with -Dstore.bench=true. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PerfSanityTest {

  @TempDir
  Path dir;

  @Test
  void smallFileStore() {
    StoreBench.Figures figures = StoreBench.run(dir.resolve("small.mv.db"), 30_000, 100);
    System.out.println("perf sanity: " + figures);
    assertThat(figures.bytesPerMessage()).isPositive();
  }

  @Test
  @EnabledIfSystemProperty(named = "store.bench", matches = "true")
  void millionMessages() {
    System.out.println("bench: " + StoreBench.run(dir.resolve("bench.mv.db"), 1_000_000, 1000));
  }
}
