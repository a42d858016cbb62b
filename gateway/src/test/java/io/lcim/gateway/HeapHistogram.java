package io.lcim.gateway;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them (which runs a full
 * GC first, so only reachable objects count). Used by {@link GatewayHeapHarnessTest} to attribute the heap a session
 * costs to the classes that hold it.
 */
record HeapHistogram(Map<String, long[]> byClass, long totalBytes) {

  /** One class's change between two histograms, per session. */
  record Delta(String className, long instances, long bytes) {
  }

  static HeapHistogram take() {
    try {
      // Earlier collections let finalizers and reference processing release what the histogram's GC then frees.
      for (int n = 0; n < 3; n++) {
        System.gc();
        Thread.sleep(200);
      }
      String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[]{new String[0]}, new String[]{String[].class.getName()});
      return parse(text);
    } catch (Exception e) {
      throw new IllegalStateException("class histogram unavailable", e);
    }
  }

  /** Lines look like {@code "   1:   12345   678900  java.lang.String (java.base@17)"}. */
  static HeapHistogram parse(String text) {
    Map<String, long[]> byClass = new HashMap<>();
    long total = 0;
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length >= 3 && parts[0].equals("Total")) {
        total = Long.parseLong(parts[2]);
      } else if (parts.length >= 4 && parts[0].endsWith(":")) {
        byClass.put(parts[3], new long[]{Long.parseLong(parts[1]), Long.parseLong(parts[2])});
      }
    }
    return new HeapHistogram(byClass, total);
  }

  /** Classes whose live bytes changed most from {@code before} to this histogram. */
  List<Delta> minus(HeapHistogram before, int limit) {
    List<Delta> deltas = new ArrayList<>();
    for (Map.Entry<String, long[]> entry : byClass.entrySet()) {
      long[] old = before.byClass.getOrDefault(entry.getKey(), new long[2]);
      deltas.add(new Delta(entry.getKey(), entry.getValue()[0] - old[0], entry.getValue()[1] - old[1]));
    }
    deltas.sort((a, b) -> Long.compare(Math.abs(b.bytes()), Math.abs(a.bytes())));
    return deltas.subList(0, Math.min(limit, deltas.size()));
  }

  /** A table of the largest per-session changes, after totals by area (ours, Vert.x, Netty, JDK, ...). */
  String report(HeapHistogram before, int sessions, int limit) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "  total: %,d bytes = %.1f bytes per session%n",
      totalBytes - before.totalBytes, (totalBytes - before.totalBytes) / (double) sessions));
    Map<String, Long> byArea = new TreeMap<>();
    for (Delta delta : minus(before, Integer.MAX_VALUE)) {
      byArea.merge(area(delta.className()), delta.bytes(), Long::sum);
    }
    byArea.forEach((area, bytes) -> out.append(String.format(Locale.ROOT, "  %-52s %8.1f B/session%n", area,
      bytes / (double) sessions)));
    out.append(String.format(Locale.ROOT, "  %10s %10s  %s%n", "B/session", "n/session", "class"));
    for (Delta delta : minus(before, limit)) {
      out.append(String.format(Locale.ROOT, "  %10.1f %10.2f  %s%n", delta.bytes() / (double) sessions,
        delta.instances() / (double) sessions, delta.className()));
    }
    return out.toString();
  }

  /** A rough attribution by class; shared JDK classes (strings, arrays, map nodes) cannot tell whose they are. */
  static String area(String className) {
    if (className.startsWith("io.lcim.")) {
      return "lcim (ClientConnection, ClientSession, ...)";
    }
    if (className.contains(".compression.") || className.contains("EmbeddedChannel")
      || className.contains("embedded.Embedded") || className.startsWith("java.util.zip.")) {
      return "WebSocket compression (zlib, embedded channels)";
    }
    if (className.contains("ScheduledFutureTask") || className.contains("InternalTimerHandler")) {
      return "timers";
    }
    if (className.contains("jctools") || className.contains("MessagePassingQueue")
      || className.contains("MessageChannel") || className.equals("[Ljava.lang.Object;")
      || className.equals("java.util.ArrayDeque")) {
      return "queues (Vert.x connection queues, deques, Object[])";
    }
    if (className.startsWith("io.vertx.")) {
      return "Vert.x (connections, WebSocket, request, headers)";
    }
    if (className.startsWith("io.netty.")) {
      return "Netty (channel, pipeline, codecs)";
    }
    if (className.startsWith("sun.nio.") || className.startsWith("java.net.") || className.startsWith("java.io.")
      || className.startsWith("jdk.internal.ref.") || className.startsWith("java.util.concurrent.locks.")) {
      return "JDK socket (SocketChannelImpl, addresses, fd)";
    }
    if (className.equals("java.lang.String") || className.equals("[B")) {
      return "strings and byte arrays";
    }
    if (className.contains("HashMap") || className.contains("ConcurrentHashMap")) {
      return "map entries and tables";
    }
    return "other";
  }
}
