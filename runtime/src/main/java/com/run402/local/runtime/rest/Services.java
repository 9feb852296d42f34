package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.rest.exec.Executor;
import com.run402.local.runtime.rest.exec.Session;
import com.run402.local.runtime.rest.request.Preferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the per-kind handlers share: options, the executor, response helpers. */
record Services(RestOptions options, Executor executor, Responses responses, ObjectMapper json) {

  Session session(Request r, boolean readOnly) {
    r.timing().lap("plan");
    List<String> path = new ArrayList<>();
    path.add(r.schema());
    path.addAll(options.extraSearchPath());
    String searchPath = String.join(", ", path.stream().map(com.run402.local.runtime.rest.sql.Sql::quote).toList());
    String headers;
    try {
      java.util.Map<String, String> h = new java.util.TreeMap<>();
      r.call().headers().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      headers = json.writeValueAsString(h);
    } catch (Exception e) {
      headers = "{}";
    }
    return new Session(searchPath, r.role(), r.claimsJson(), r.call().method(), r.call().path(), headers, cookies(r),
        r.prefs().timezone(), options.statementTimeout().toMillis(), readOnly, options.preRequest());
  }

  /** {@code request.cookies}: the Cookie header as a JSON object. */
  private String cookies(Request r) {
    java.util.Map<String, String> c = new java.util.LinkedHashMap<>();
    for (String header : r.call().headerValues("Cookie")) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          c.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
      }
    }
    try {
      return json.writeValueAsString(c);
    } catch (Exception e) {
      return "{}";
    }
  }

  /** Whether the transaction commits, given the tx end mode and {@code Prefer: tx=}. */
  boolean commits(Request r) {
    RestOptions.TxEnd end = options.txEnd();
    if (end.overridable() && r.prefs().tx() != null) {
      return r.prefs().tx() == Preferences.Tx.COMMIT;
    }
    return end.commitsByDefault();
  }

  /** The Preference-Applied value for what was honoured, or null. */
  String applied(Request r, boolean ret, boolean count, boolean resolution, boolean missing, boolean maxAffected) {
    Preferences p = r.prefs();
    List<String> out = new ArrayList<>();
    if (resolution && p.resolution() != null) {
      out.add("resolution=" + p.resolution().token);
    }
    if (missing && p.missing() != null) {
      out.add("missing=" + p.missing().token);
    }
    if (ret && p.ret() != null) {
      out.add("return=" + p.ret().token);
    }
    if (count && p.count() != null) {
      out.add("count=" + p.count().token);
    }
    if (p.tx() != null && options.txEnd().overridable()) {
      out.add("tx=" + p.tx().token);
    }
    if (p.handling() != null) {
      out.add("handling=" + p.handling().token);
    }
    if (p.timezone() != null) {
      out.add("timezone=" + p.timezone());
    }
    if (maxAffected && p.maxAffected() != null) {
      out.add("max-affected=" + p.maxAffected());
    }
    return out.isEmpty() ? null : String.join(", ", out);
  }

  static void putIfNotNull(Map<String, String> h, String k, String v) {
    if (v != null) {
      h.put(k, v);
    }
  }
}
