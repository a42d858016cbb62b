package io.lcim.bench;

import io.lcim.bench.load.LoadBench;

import java.util.Arrays;

/**
 * The bench jar's entry point: {@code java -jar lcim-bench.jar [history|load] [--name=value ...]}. Without a
 * subcommand it runs the history bench, so the command documented before the load bench existed keeps working.
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("load")) {
      LoadBench.main(Arrays.copyOfRange(args, 1, args.length));
    } else if (args.length > 0 && args[0].equals("history")) {
      HistoryBench.main(Arrays.copyOfRange(args, 1, args.length));
    } else {
      HistoryBench.main(args);
    }
  }
}
