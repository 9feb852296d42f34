package com.run402.local.conformance;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Classifies and replays cases in corpus order (so the steps of one example run in sequence).
 * pass/fail: the case ran. blocked: the setup cannot represent it (skipped at extraction, a config
 * the engine lacks, a fixture object that did not load). skipped: the corpus gives nothing to run.
 */
public final class ConformanceRun {
  public enum Status { PASS, FAIL, BLOCKED, SKIPPED }

  public record CaseResult(String id, String spec, String category, String description, Status status,
      String reason, String profile, long millis) {}

  private final CaseRunner runner;
  private final Set<String> missingObjects;
  private final Function<String, URI> serverFor;

  /** {@code serverFor}: profile name -> base URI of the engine configured that way. */
  public ConformanceRun(CaseRunner runner, Set<String> missingObjects, Function<String, URI> serverFor) {
    this.runner = runner;
    this.missingObjects = missingObjects;
    this.serverFor = serverFor;
  }

  public List<CaseResult> run(List<CaseFile.Case> cases) {
    List<CaseResult> out = new ArrayList<>();
    Set<String> blockedExamples = new HashSet<>();
    for (CaseFile.Case c : cases) {
      CaseResult r = judge(c, blockedExamples);
      if (r.status() == Status.BLOCKED && c.example() != null) {
        blockedExamples.add(c.example());
      }
      out.add(r);
    }
    return out;
  }

  private CaseResult judge(CaseFile.Case c, Set<String> blockedExamples) {
    String profile = EngineProfiles.profileFor(c);
    if (c.skip() && profile == null) {
      boolean known = "needs-engine-config".equals(c.skipClass()) || "not-representable".equals(c.skipClass());
      return result(c, known ? Status.BLOCKED : Status.SKIPPED,
          (c.skipClass() == null ? "skipped" : c.skipClass()) + ": " + c.skipReason(), null, 0);
    }
    if (c.request() == null || c.expected() == null) {
      return result(c, Status.SKIPPED, "the case has no request or expectation", profile, 0);
    }
    Optional<String> missing = missingObject(c);
    if (missing.isPresent()) {
      return result(c, Status.BLOCKED, "fixture object not loaded: " + missing.get(), profile, 0);
    }
    if (c.example() != null && blockedExamples.contains(c.example())) {
      return result(c, Status.SKIPPED, "an earlier step of " + c.example() + " is blocked", profile, 0);
    }
    long t0 = System.nanoTime();
    Optional<String> diff;
    try {
      diff = runner.run(c, serverFor.apply(profile));
    } catch (RuntimeException e) {
      diff = Optional.of("harness error: " + e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return result(c, diff.isPresent() ? Status.FAIL : Status.PASS, diff.orElse(null), profile, ms);
  }

  /**
   * A fixture object (table, view, function) that did not load and that the request names in its
   * path or its select parameter; the request cannot mean what the spec meant.
   */
  Optional<String> missingObject(CaseFile.Case c) {
    if (missingObjects.isEmpty()) {
      return Optional.empty();
    }
    Set<String> names = new HashSet<>();
    for (String seg : c.request().path().split("/")) {
      names.add(decode(seg).toLowerCase(Locale.ROOT));
    }
    String q = c.request().query() == null ? "" : c.request().query();
    for (String param : q.split("&")) {
      if (param.startsWith("select=")) {
        for (String tok : decode(param.substring(7)).split("[^\\p{L}\\p{N}_$]+")) {
          names.add(tok.toLowerCase(Locale.ROOT));
        }
      }
    }
    return missingObjects.stream().filter(o -> names.contains(o.toLowerCase(Locale.ROOT))).findFirst();
  }

  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static CaseResult result(CaseFile.Case c, Status s, String reason, String profile, long ms) {
    return new CaseResult(c.id(), c.spec(), c.category(), c.description(), s, reason, profile, ms);
  }

  /** Per spec file: counts by status, in corpus order. */
  public static Map<String, int[]> tally(List<CaseResult> results) {
    Map<String, int[]> t = new java.util.TreeMap<>();
    for (CaseResult r : results) {
      t.computeIfAbsent(r.spec(), k -> new int[Status.values().length])[r.status().ordinal()]++;
    }
    return t;
  }
}
