package com.run402.local.server.fuzz;

import static com.run402.local.server.fuzz.FuzzValues.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Prefer, Accept, Range and profile headers: the valid vocabulary, combined and corrupted. */
public final class FuzzHeaders {
  private FuzzHeaders() {}

  static final List<String> PREFER = List.of("return=minimal", "return=representation", "return=headers-only",
      "count=exact", "count=planned", "count=estimated", "resolution=merge-duplicates", "resolution=ignore-duplicates",
      "missing=default", "handling=strict", "handling=lenient", "tx=commit", "tx=rollback", "params=single-object",
      "max-affected=1", "max-affected=0", "max-affected=-1", "max-affected=x", "timezone=America/Los_Angeles",
      "timezone=Nope/Nowhere", "return=", "count", "=", "garbage", "return=representation; count=exact", "");

  static final List<String> ACCEPT = List.of("application/json", "*/*", "text/csv", "application/vnd.pgrst.object+json",
      "application/vnd.pgrst.object+json;nulls=stripped", "application/vnd.pgrst.array+json;nulls=stripped",
      "application/vnd.pgrst.object", "text/plain", "application/geo+json", "application/openapi+json", "text/html",
      "application/vnd.pgrst.plan+json", "application/vnd.pgrst.plan; for=\"application/json\"", "application/octet-stream",
      "garbage", "", "application/json;q=0.1, text/csv", "image/*, text/xml", "application/*", ";;;");

  static final List<String> RANGE = List.of("0-9", "0-0", "5-", "-5", "10-2", "0-99999999999999999999", "abc", "items=0-1",
      "0-9,20-29", "", "-", "1-1");

  public static void add(Random r, String method, List<Map.Entry<String, String>> h) {
    if (r.nextInt(2) == 0) {
      List<String> prefs = new ArrayList<>();
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        prefs.add(FuzzValues.pickSane(r, PREFER, 19));
      }
      h.add(Map.entry("Prefer", String.join(r.nextBoolean() ? ", " : ",", prefs)));
      if (r.nextInt(8) == 0) {
        h.add(Map.entry("Prefer", pick(r, PREFER))); // a second Prefer header line
      }
    }
    if (r.nextInt(3) == 0) {
      h.add(Map.entry("Accept", FuzzValues.chaos(r, 3) ? pick(r, ACCEPT) : pick(r, ACCEPT.subList(0, 7))));
    }
    if (r.nextInt(6) == 0) {
      h.add(Map.entry("Range", pick(r, RANGE)));
      if (r.nextBoolean()) {
        h.add(Map.entry("Range-Unit", pick(r, List.of("items", "bytes", "x"))));
      }
    }
    if (r.nextInt(12) == 0) {
      h.add(Map.entry(r.nextBoolean() ? "Accept-Profile" : "Content-Profile", pick(r, List.of("public", "nope", "pg_catalog", ""))));
    }
    if (r.nextInt(20) == 0) {
      h.add(Map.entry("X-Client-Info", "fuzz/" + FuzzValues.word(r)));
    }
  }
}
