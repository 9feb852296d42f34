// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user and kernel) and voluntary context switches of a set of processes, from Linux's
 * {@code /proc/<pid>/task/<tid>/stat|status}, summed over their threads: what a call costs each side, beside how
 * long it takes. A thread's voluntary switch is a sleep (in epoll, a socket read or a futex), so switches per call
 * count the hand-offs between threads and processes. Where {@code /proc} is missing (macOS) every figure is 0.
 */
final class CpuCount {
  private static final double TICK_US = 1e6 / 100; // USER_HZ, 100 on every Linux this bench runs on
  long userTicks;
  long sysTicks;
  long switches;

  /** The counters of these processes now; a pid that is gone counts 0. */
  static CpuCount of(long... pids) {
    CpuCount c = new CpuCount();
    for (long pid : pids) {
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path t : tasks) {
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          c.userTicks += Long.parseLong(f[11]);
          c.sysTicks += Long.parseLong(f[12]);
          for (String line : Files.readAllLines(t.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              c.switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // gone, or not Linux: counts nothing
      }
    }
    return c;
  }

  /** Adds {@code to - from} to these counters. */
  void add(CpuCount from, CpuCount to) {
    userTicks += to.userTicks - from.userTicks;
    sysTicks += to.sysTicks - from.sysTicks;
    switches += to.switches - from.switches;
  }

  double cpuUsPerCall(int calls) {
    return (userTicks + sysTicks) * TICK_US / calls;
  }

  double sysUsPerCall(int calls) {
    return sysTicks * TICK_US / calls;
  }

  double switchesPerCall(int calls) {
    return switches / (double) calls;
  }
}
