package com.run402.local.runtime.rest.schema;

import com.run402.local.runtime.rest.schema.Relationship.Cardinality;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns function rows into {@link Routine}s, and finds computed fields ({@code f(table) -> scalar})
 * and computed relationships ({@code f(table) -> [SETOF] other_table}) among them.
 */
final class Routines {
  private Routines() {}

  /** Types PostgREST accepts for a single unnamed parameter (the whole request body is passed). */
  private static final Set<String> RAW_BODY_TYPES = Set.of("bytea", "json", "jsonb", "text", "xml");

  private static final Comparator<QName> BY_NAME = Comparator.comparing(QName::schema).thenComparing(QName::name);

  static Routine routine(Catalog.Fn f) {
    List<String> modes = f.argModes();
    int nIn = (int) modes.stream().filter(Routines::isInput).count();
    List<RoutineArg> args = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    int inIdx = 0;
    for (int i = 0; i < modes.size(); i++) {
      String m = modes.get(i);
      if (isInput(m)) {
        boolean hasDefault = inIdx >= nIn - f.nDefaults();
        args.add(new RoutineArg(f.argNames().get(i), callType(f.argTypes().get(i)), hasDefault, m.equals("v")));
        inIdx++;
      }
      if (m.equals("o") || m.equals("b") || m.equals("t")) {
        outNames.add(f.argNames().get(i));
      }
    }
    boolean returnsVoid = f.retBase().equals(new QName("pg_catalog", "void"));
    // Like PostgREST: any OUT/INOUT/TABLE parameter makes the result a record (an object per row).
    boolean composite = f.retTypType() == 'c' || !outNames.isEmpty();
    return new Routine(f.name(), List.copyOf(args), f.retBase(), f.retFormatted(), f.setOf(), composite,
        !composite && !returnsVoid, returnsVoid, outColumns(f, outNames), f.volatility(), f.description());
  }

  /**
   * Functions grouped by name, overloads ordered by argument count then types. Left out, as by
   * PostgREST: functions with unnamed parameters, except one unnamed parameter of a raw body type.
   */
  static Map<QName, List<Routine>> callable(List<Catalog.Fn> fns) {
    Map<QName, List<Routine>> grouped = new TreeMap<>(BY_NAME);
    for (Catalog.Fn f : fns) {
      Routine r = routine(f);
      if (isCallable(r)) {
        grouped.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
      }
    }
    Map<QName, List<Routine>> out = new LinkedHashMap<>();
    Comparator<Routine> overloads = Comparator.comparing((Routine r) -> r.args().size())
        .thenComparing(r -> r.args().stream().map(RoutineArg::type).toList().toString());
    grouped.forEach((k, v) -> out.put(k, v.stream().sorted(overloads).toList()));
    return out;
  }

  private static boolean isCallable(Routine r) {
    List<RoutineArg> unnamed = r.args().stream().filter(a -> a.name().isEmpty()).toList();
    return unnamed.isEmpty() || (unnamed.size() == 1 && RAW_BODY_TYPES.contains(unnamed.get(0).type()));
  }

  /**
   * Functions of exactly one input parameter whose type is an exposed table's row type. Returning
   * another exposed relation's row type makes a computed relationship (M2O when single row: not
   * SETOF, or ROWS 1; else O2M); returning anything else but void or a relation row type makes a
   * computed field.
   *
   * @param byRowType exposed relations keyed by their row type oid
   */
  static void computed(List<Catalog.Fn> fns, Map<Long, QName> byRowType, Map<QName, Map<String, Routine>> fields,
      Map<QName, List<Relationship>> rels) {
    Map<QName, Map<String, Routine>> f2 = new TreeMap<>(BY_NAME);
    Map<QName, List<Relationship>> r2 = new TreeMap<>(BY_NAME);
    for (Catalog.Fn f : fns) {
      List<Integer> inputs = new ArrayList<>();
      for (int i = 0; i < f.argModes().size(); i++) {
        if (isInput(f.argModes().get(i))) {
          inputs.add(i);
        }
      }
      boolean hasOut = f.argModes().stream().anyMatch(m -> !isInput(m));
      if (inputs.size() != 1 || hasOut) {
        continue;
      }
      QName table = byRowType.get(f.argTypeOids().get(inputs.get(0)));
      if (table == null) {
        continue;
      }
      QName target = byRowType.get(f.retBaseOid());
      if (target != null) {
        boolean single = !f.setOf() || f.rows() == 1;
        r2.computeIfAbsent(table, k -> new ArrayList<>()).add(new Relationship(table, target,
            single ? Cardinality.M2O : Cardinality.O2M, f.name().name(), List.of(), null, table.equals(target), f.name()));
      } else if (f.retRelKind() == 0 || f.retRelKind() == 'c') {
        Routine r = routine(f);
        if (!r.returnsVoid()) {
          f2.computeIfAbsent(table, k -> new TreeMap<>()).put(f.name().name(), r);
        }
      }
    }
    f2.forEach((t, m) -> fields.put(t, java.util.Collections.unmodifiableMap(m)));
    r2.forEach((t, l) -> rels.put(t, l.stream().sorted(Relationships.ORDER).toList()));
  }

  private static boolean isInput(String mode) {
    return mode.equals("i") || mode.equals("b") || mode.equals("v");
  }

  /**
   * The type used to pass an argument in a call. As PostgREST does, {@code character} and {@code bit}
   * become their varying forms: without a length they would mean length 1 and silently truncate.
   */
  private static String callType(String type) {
    switch (type) {
      case "character":
        return "character varying";
      case "character[]":
        return "character varying[]";
      case "bit":
        return "bit varying";
      case "bit[]":
        return "bit varying[]";
      default:
        return type;
    }
  }

  /** Names of the result columns of a record-returning function; Postgres' names for unnamed ones. */
  private static List<String> outColumns(Catalog.Fn f, List<String> outNames) {
    if (outNames.size() == 1 && outNames.get(0).isEmpty()) {
      return List.of(f.name().name());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < outNames.size(); i++) {
      out.add(outNames.get(i).isEmpty() ? "column" + (i + 1) : outNames.get(i));
    }
    return List.copyOf(out);
  }
}
