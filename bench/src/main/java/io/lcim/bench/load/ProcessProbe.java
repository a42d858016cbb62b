package io.lcim.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the bench can see of processes on this machine: CPU time from {@code /proc/<pid>/stat} (the server and its
 * children, e.g. the embedded redis-server) and the bench's own CPU, and a server's used heap after a full GC via
 * {@code jcmd} (the standalone server exposes no metrics endpoint).
 */
final class ProcessProbe {

  /** USER_HZ: the unit of utime/stime. 100 on every Linux this runs on; not readable from Java. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private ProcessProbe() {
  }

  /** utime + stime of {@code pid} and its live descendants, in nanoseconds; empty when unreadable. */
  static OptionalLong cpuNanos(long pid) {
    OptionalLong own = procCpuNanos(pid);
    if (own.isEmpty()) {
      return own;
    }
    long total = own.getAsLong();
    try (Stream<ProcessHandle> children = ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)) {
      total += children.mapToLong(child -> procCpuNanos(child.pid()).orElse(0)).sum();
    }
    return OptionalLong.of(total);
  }

  private static OptionalLong procCpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // Fields after the command name, which is in parentheses and may contain spaces: state is field 3,
      // utime and stime are fields 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return OptionalLong.of(ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** CPU time of this JVM so far, in nanoseconds. */
  static long ownCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return procCpuNanos(ProcessHandle.current().pid()).orElse(0);
  }

  /**
   * Used heap of JVM {@code pid} right after a full GC, in bytes ({@code jcmd GC.run}, then {@code GC.heap_info}).
   * Two collections, because the first may leave objects that only become unreachable through finalisation or
   * reference processing.
   */
  static OptionalLong usedHeapAfterGc(long pid) {
    try {
      jcmd(pid, "GC.run");
      jcmd(pid, "GC.run");
      Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
      return used.find() ? OptionalLong.of(Long.parseLong(used.group(1)) * 1024) : OptionalLong.empty();
    } catch (IOException e) {
      System.err.println("heap: jcmd failed: " + e.getMessage());
      return OptionalLong.empty();
    }
  }

  private static String jcmd(long pid, String command) throws IOException {
    String jcmd = ProcessHandle.current().info().command()
      .map(java -> Path.of(java).resolveSibling("jcmd"))
      .filter(Files::isExecutable)
      .map(Path::toString)
      .orElse("jcmd");
    Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(command + " failed: " + output.strip());
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
