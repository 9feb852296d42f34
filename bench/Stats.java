// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Statistics, formatting and small file helpers of the benchmark. */
final class Stats {
  // ---------------------------------------------------------------------------------------------
  // Stats, formatting, misc

  /** Nearest-rank percentile. */
  static double pct(List<Double> xs, double p) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }

  static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static void putStats(ObjectNode n, List<Double> xs) {
    n.put("n", xs.size());
    n.put("min", round(min(xs)));
    n.put("p50", round(pct(xs, 50)));
    n.put("p95", round(pct(xs, 95)));
    n.put("p99", round(pct(xs, 99)));
    n.put("max", round(max(xs)));
    n.put("mean", round(xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
  }

  static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  static String ms(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.2f ms", v);
  }

  static String mb(long kb) {
    return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
  }

  /** 2 = goal met, 1 = target met, -1 = target missed. */
  static int grade(double v, double target, double goal) {
    return v <= goal ? 2 : v <= target ? 1 : -1;
  }

  static String verdict(int g) {
    return switch (g) {
      case 2 -> "GOAL MET";
      case 1 -> "ok";
      case 0 -> "mixed";
      default -> "MISSED";
    };
  }


  static String memTotal() {
    long kb = Rss.readKb(Paths.get("/proc/meminfo"), "MemTotal:");
    return kb < 0 ? "unknown RAM" : String.format(Locale.ROOT, "%.1f GiB RAM", kb / 1024.0 / 1024.0);
  }

  static ObjectNode machine() {
    ObjectNode m = Bench.JSON.createObjectNode();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("mem_total_mb", round(Rss.readKb(Paths.get("/proc/meminfo"), "MemTotal:") / 1024.0));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    return m;
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
