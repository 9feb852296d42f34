// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

final class Rss {
  long jvmKb;
  long pgRssKb;
  long pgPssKb;
  int pgProcs;

  static Rss of(long jvmPid) {
    Rss r = new Rss();
    r.jvmKb = statusKb(jvmPid, "VmRSS:");
    List<ProcessHandle> kids = ProcessHandle.of(jvmPid).map(h -> h.descendants().collect(Collectors.toList()))
        .orElse(List.of());
    for (ProcessHandle h : kids) {
      long rss = statusKb(h.pid(), "VmRSS:");
      if (rss < 0) {
        continue;
      }
      r.pgProcs++;
      r.pgRssKb += rss;
      long pss = smapsRollupKb(h.pid(), "Pss:");
      r.pgPssKb += Math.max(0, pss);
    }
    return r;
  }

  ObjectNode toJson() {
    ObjectNode n = Bench.JSON.createObjectNode();
    n.put("jvm_rss_mb", Stats.round(jvmKb / 1024.0));
    n.put("postgres_processes", pgProcs);
    n.put("postgres_rss_sum_mb", Stats.round(pgRssKb / 1024.0));
    n.put("postgres_pss_sum_mb", Stats.round(pgPssKb / 1024.0));
    n.put("note", "RSS sums double-count shared_buffers and shared libraries; PSS apportions shared pages");
    return n;
  }

  static long statusKb(long pid, String key) {
    return readKb(Paths.get("/proc", Long.toString(pid), "status"), key);
  }

  static long smapsRollupKb(long pid, String key) {
    return readKb(Paths.get("/proc", Long.toString(pid), "smaps_rollup"), key);
  }

  static long readKb(Path file, String key) {
    try (Stream<String> lines = Files.lines(file)) {
      Optional<String> l = lines.filter(s -> s.startsWith(key)).findFirst();
      return l.map(s -> Long.parseLong(s.substring(key.length()).trim().split("\\s+")[0])).orElse(-1L);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
