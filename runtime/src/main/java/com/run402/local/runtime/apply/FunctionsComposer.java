package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The {@code functions} part of a release spec: replace / patch.set / patch.delete, refs and the diff. */
final class FunctionsComposer {
  private FunctionsComposer() {}

  /** Lays {@code fns} over the manifest's functions, collecting source refs and writing {@code diff.functions}. */
  static void compose(ObjectNode m, JsonNode fns, Map<String, WireRef> refs, ObjectNode diff) {
    ObjectNode before = (ObjectNode) m.get("functions");
    ObjectNode after = before.deepCopy();
    if (fns != null && !fns.isNull()) {
      if (fns.has("replace")) {
        after.removeAll();
        putFunctions(after, fns.get("replace"), "functions.replace", refs);
      }
      JsonNode patch = fns.path("patch");
      if (patch.has("set")) {
        putFunctions(after, patch.get("set"), "functions.patch.set", refs);
      }
      if (patch.has("delete")) {
        for (JsonNode d : ReleaseComposer.array(patch.get("delete"), "functions.patch.delete")) {
          after.remove(d.asText());
        }
      }
    }
    ObjectNode d = diff.putObject("functions");
    ArrayNode added = d.putArray("added");
    ArrayNode removed = d.putArray("removed");
    ArrayNode changed = d.putArray("changed");
    after.fields().forEachRemaining(e -> {
      JsonNode old = before.get(e.getKey());
      if (old == null) {
        added.add(e.getKey());
      } else if (!old.equals(e.getValue())) {
        ObjectNode c = changed.addObject();
        c.put("name", e.getKey());
        ArrayNode fc = c.putArray("fields_changed");
        Set<String> names = new LinkedHashSet<>();
        old.fieldNames().forEachRemaining(names::add);
        e.getValue().fieldNames().forEachRemaining(names::add);
        names.stream().filter(n -> !old.path(n).equals(e.getValue().path(n))).forEach(fc::add);
      }
    });
    before.fieldNames().forEachRemaining(n -> {
      if (!after.has(n)) {
        removed.add(n);
      }
    });
    m.set("functions", after);
  }

  /**
   * One source, or files with their entrypoint among them (the SDK's two shapes); checked when the plan is made,
   * so a malformed function never reaches the commit.
   */
  private static void checkShape(JsonNode fn, String where) {
    boolean source = fn.hasNonNull("source");
    boolean files = fn.hasNonNull("files");
    if (source == files) {
      throw WireRef.invalid(where, source ? "'source' and 'files' are mutually exclusive"
          : "needs a 'source', or 'files' and an 'entrypoint'");
    }
    if (files) {
      if (!fn.get("files").isObject() || fn.get("files").isEmpty()) {
        throw WireRef.invalid(where + ".files", "must be a non-empty object of relative path -> content ref");
      }
      JsonNode entry = fn.get("entrypoint");
      if (entry == null || !entry.isTextual() || !fn.get("files").has(entry.asText())) {
        throw WireRef.invalid(where + ".entrypoint", "is required with 'files' and must name one of them");
      }
      java.util.Set<String> paths = new java.util.HashSet<>();
      fn.get("files").fieldNames().forEachRemaining(paths::add);
      for (String path : paths) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
          if (paths.contains(path.substring(0, slash))) {
            throw WireRef.invalid(where + ".files", "'" + path.substring(0, slash) + "' is both a file and the folder of '"
                + path + "'");
          }
        }
      }
    }
  }

  private static void putFunctions(ObjectNode into, JsonNode map, String field, Map<String, WireRef> refs) {
    if (map == null || !map.isObject()) {
      throw WireRef.invalid(field, "must be an object of name -> function");
    }
    map.fields().forEachRemaining(e -> {
      if (!e.getKey().matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw WireRef.invalid(field, "function name '" + e.getKey() + "' must be lowercase alphanumeric + hyphens");
      }
      JsonNode fn = e.getValue();
      String where = field + "." + e.getKey();
      if (!fn.isObject()) {
        throw WireRef.invalid(where, "must be an object");
      }
      checkShape(fn, where);
      if (fn.has("source")) {
        WireRef r = WireRef.parse(fn.get("source"), field + "." + e.getKey() + ".source");
        refs.putIfAbsent(r.sha256(), r);
      }
      if (fn.has("files")) {
        fn.get("files").fields().forEachRemaining(f -> {
          SitePath.relative(f.getKey(), field + "." + e.getKey() + ".files");
          WireRef r = WireRef.parse(f.getValue(), field + "." + e.getKey() + ".files");
          refs.putIfAbsent(r.sha256(), r);
        });
      }
      into.set(e.getKey(), fn);
    });
  }
}
