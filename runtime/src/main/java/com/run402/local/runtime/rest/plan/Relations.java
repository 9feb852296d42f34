package com.run402.local.runtime.rest.plan;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Relationship;
import com.run402.local.runtime.rest.schema.Relationship.Cardinality;
import com.run402.local.runtime.rest.schema.Relationship.ColumnPair;
import com.run402.local.runtime.rest.schema.SchemaCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the one relationship an embed refers to, PostgREST's way: the target is a table/view name,
 * or (to-one) a foreign key name or FK column; a hint narrows by FK name, column, or junction.
 * None -> PGRST200; several -> PGRST201 with the candidates listed.
 */
final class Relations {
  private Relations() {}

  static Relationship resolve(SchemaCache cache, QName parent, String target, String hint) {
    List<Relationship> found = new ArrayList<>();
    for (Relationship r : cache.relationshipsFrom(parent)) {
      if (targets(r, target) && (hint == null || hints(r, hint))) {
        found.add(r);
      }
    }
    if (found.size() > 1) {
      found = preferDirect(found);
    }
    if (found.size() > 1 && found.stream().noneMatch(r -> r.foreignTable().name().equals(target))) {
      // Embedding by FK name or column: a view that merely exposes the referenced key is not meant.
      List<Relationship> tables = found.stream().filter(r -> !isView(cache, r.foreignTable())).toList();
      if (tables.size() == 1) {
        found = tables;
      }
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.isEmpty()) {
      String using = hint == null ? "" : " using the hint '" + hint + "'";
      throw new RestError(400, "PGRST200",
          "Could not find a relationship between '" + parent.name() + "' and '" + target + "' in the schema cache",
          "Searched for a foreign key relationship between '" + parent.name() + "' and '" + target + "'" + using
              + " in the schema '" + parent.schema() + "', but no matches were found.",
          null);
    }
    throw ambiguous(parent, target, found);
  }

  private static boolean isView(SchemaCache cache, QName name) {
    var t = cache.table(name);
    return t != null && t.isView();
  }

  private static boolean targets(Relationship r, String target) {
    if (r.computed()) {
      return r.computedBy().name().equals(target);
    }
    if (r.foreignTable().name().equals(target)) {
      return true;
    }
    boolean toOne = r.cardinality() == Cardinality.M2O || r.cardinality() == Cardinality.O2O;
    if (toOne && r.constraint().equals(target)) {
      return true;
    }
    return toOne && r.columns().size() == 1 && r.columns().get(0).local().equals(target);
  }

  private static boolean hints(Relationship r, String hint) {
    if (r.computed()) {
      return false;
    }
    if (r.junction() != null) {
      return r.junction().table().name().equals(hint);
    }
    if (r.constraint().equals(hint)) {
      return true;
    }
    if (r.columns().size() == 1) {
      ColumnPair p = r.columns().get(0);
      return p.local().equals(hint) || p.foreign().equals(hint);
    }
    return false;
  }

  /**
   * A self-referencing table embedding itself by name means its children (one-to-many), as in
   * PostgREST; otherwise ambiguity stands.
   */
  private static List<Relationship> preferDirect(List<Relationship> found) {
    if (found.stream().allMatch(Relationship::isSelf)) {
      List<Relationship> o2m = found.stream().filter(r -> r.cardinality() == Cardinality.O2M).toList();
      if (o2m.size() == 1) {
        return o2m;
      }
    }
    return found;
  }

  private static RestError ambiguous(QName parent, String target, List<Relationship> found) {
    List<Map<String, String>> details = new ArrayList<>();
    List<String> suggestions = new ArrayList<>();
    for (Relationship r : found) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("cardinality", cardinality(r.cardinality()));
      d.put("embedding", parent.name() + " with " + target);
      d.put("relationship", describe(r));
      details.add(d);
      String h = r.junction() != null ? r.junction().table().name() : r.constraint();
      suggestions.add("'" + target + "!" + h + "'");
    }
    return new RestError(300, "PGRST201",
        "Could not embed because more than one relationship was found for '" + parent.name() + "' and '" + target
            + "'",
        null,
        "Try changing '" + target + "' to one of the following: " + String.join(", ", suggestions)
            + ". Find the desired relationship in the 'details' key.")
        .withDetailsJson(details);
  }

  private static String describe(Relationship r) {
    if (r.junction() != null) {
      Relationship.Junction j = r.junction();
      return j.table().name() + " using " + j.constraint1() + "(" + cols(j.sourceColumns(), true) + ") and "
          + j.constraint2() + "(" + cols(j.targetColumns(), true) + ")";
    }
    return r.constraint() + " using " + r.table().name() + "(" + cols(r.columns(), true) + ") and "
        + r.foreignTable().name() + "(" + cols(r.columns(), false) + ")";
  }

  private static String cols(List<ColumnPair> pairs, boolean local) {
    return pairs.stream().map(p -> local ? p.local() : p.foreign()).collect(Collectors.joining(", "));
  }

  static String cardinality(Cardinality c) {
    switch (c) {
      case M2O:
        return "many-to-one";
      case O2M:
        return "one-to-many";
      case O2O:
        return "one-to-one";
      default:
        return "many-to-many";
    }
  }
}
