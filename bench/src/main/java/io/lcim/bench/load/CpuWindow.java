package io.lcim.bench.load;

import io.vertx.core.json.JsonObject;

import java.util.OptionalLong;

/**
 * CPU used by the server (when its pid is known) and by the bench over a measured window, in cores: CPU seconds
 * per wall-clock second, so 2.0 is both cores of this machine busy throughout.
 */
final class CpuWindow {

  private final OptionalLong serverPid;
  private final long startNanos = System.nanoTime();
  private final OptionalLong serverStart;
  private final long clientStart;
  private long endNanos;
  private OptionalLong serverEnd = OptionalLong.empty();
  private long clientEnd;

  private CpuWindow(OptionalLong serverPid) {
    this.serverPid = serverPid;
    serverStart = cpu(serverPid);
    clientStart = ProcessProbe.ownCpuNanos();
  }

  static CpuWindow start(ServerTarget target) {
    return new CpuWindow(target.pid());
  }

  void end() {
    endNanos = System.nanoTime();
    serverEnd = cpu(serverPid);
    clientEnd = ProcessProbe.ownCpuNanos();
  }

  long startNanos() {
    return startNanos;
  }

  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }

  void put(JsonObject line) {
    double wall = Math.max(1, endNanos - startNanos);
    line.put("server_cpu_cores", serverStart.isPresent() && serverEnd.isPresent()
      ? RunStats.round((serverEnd.getAsLong() - serverStart.getAsLong()) / wall) : null);
    line.put("client_cpu_cores", RunStats.round((clientEnd - clientStart) / wall));
  }

  private static OptionalLong cpu(OptionalLong pid) {
    return pid.isPresent() ? ProcessProbe.cpuNanos(pid.getAsLong()) : OptionalLong.empty();
  }
}
