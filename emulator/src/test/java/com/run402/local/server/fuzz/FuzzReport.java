package com.run402.local.server.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** The run's statistics, and its failures as distinct shrunk reproductions. */
public final class FuzzReport {
  private final FuzzRunner runner;
  private final String base;
  private final Map<String, String> secrets;

  public FuzzReport(FuzzRunner runner, String base, Map<String, String> secrets) {
    this.runner = runner;
    this.base = base;
    this.secrets = secrets;
  }

  public String summary(long seed, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("RestFuzzIT: seed %d: %d requests in %.1f s (%.0f req/s), %d invariant violations%n", seed,
        runner.sentCount(), seconds, runner.sentCount() / seconds, runner.found().size()));
    sb.append("  by status: ").append(line(runner.statuses)).append('\n');
    sb.append("  by kind:   ").append(line(runner.kinds)).append('\n');
    sb.append("  tolerated transport-level answers (Jetty HTML refusals by status; resets): ").append(line(runner.transport)).append('\n');
    sb.append("  top error codes: ").append(runner.codes.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(30)
        .map(e -> e.getKey() + "=" + e.getValue().sum()).collect(Collectors.joining(", ")));
    return sb.toString();
  }

  /**
   * Shrinks up to {@code max} failures, chosen to differ (by failure, method, path and Accept) so
   * that one frequent bug does not hide the others, with {@code budget} re-sends each; then prints
   * one entry per distinct shrunk request.
   */
  public String failures(long seed, int max, int budget) {
    List<FuzzRunner.Found> all = runner.found().stream()
        .sorted((a, b) -> Integer.compare(a.request().index(), b.request().index())).toList();
    Map<String, Integer> byFailure = new LinkedHashMap<>();
    Map<String, FuzzRunner.Found> picks = new LinkedHashMap<>();
    for (FuzzRunner.Found f : all) {
      String failure = f.failure().kind() + ": " + f.failure().detail();
      if (byFailure.merge(failure, 1, Integer::sum) == 1) {
        picks.put(failure, f); // every distinct failure gets shrunk, before any variety of a known one
      }
    }
    for (FuzzRunner.Found f : all) {
      String failure = f.failure().kind() + ": " + f.failure().detail();
      String variety = failure + " " + f.request().method() + " " + f.request().path() + " " + accept(f.request());
      if (picks.size() < max) {
        picks.putIfAbsent(variety, f);
      }
    }
    Map<String, List<FuzzRunner.Found>> byMinimal = new LinkedHashMap<>();
    Map<String, FuzzRequest> minimal = new LinkedHashMap<>();
    for (FuzzRunner.Found f : picks.values()) {
      FuzzRequest min = f.failure().kind().equals("harness") ? f.request() : runner.shrink(f.request(), f.failure(), budget);
      String key = f.failure().kind() + " " + min.curl(base, secrets);
      byMinimal.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      minimal.putIfAbsent(key, min);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(all.size()).append(" failing request(s); by failure: ").append(byFailure).append('\n');
    sb.append(picks.size()).append(" shrunk into ").append(byMinimal.size())
        .append(" distinct reproduction(s); keys are minted per run: export SERVICE_KEY=… ANON_KEY=… to replay\n");
    for (Map.Entry<String, List<FuzzRunner.Found>> e : byMinimal.entrySet()) {
      FuzzRunner.Found f = e.getValue().get(0);
      sb.append("\n- ").append(f.failure().kind()).append(": ").append(f.failure().detail()).append('\n');
      sb.append("  minimal:  ").append(minimal.get(e.getKey()).curl(base, secrets)).append('\n');
      sb.append("  original: request #").append(f.request().index()).append(" of seed ").append(seed).append(": ")
          .append(FuzzCheck.abbreviate(f.request().curl(base, secrets), 1500)).append('\n');
      sb.append("  answer:   ").append(f.status()).append(' ').append(f.body()).append('\n');
    }
    return sb.toString();
  }

  private static String accept(FuzzRequest r) {
    return r.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("Accept")).map(Map.Entry::getValue)
        .findFirst().orElse("-");
  }

  private static String line(Map<String, LongAdder> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().sum()).collect(Collectors.joining(", "));
  }
}
