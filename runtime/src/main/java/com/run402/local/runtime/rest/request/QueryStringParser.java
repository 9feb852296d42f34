package com.run402.local.runtime.rest.request;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.QueryDecoder.Pair;
import com.run402.local.runtime.rest.request.SelectItem.Col;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phase 1 of request -> plan -> SQL: the query string as PostgREST 12+ reads it. Pure: no schema
 * knowledge, so filters that fail to parse are recorded in {@link QueryParams#filterErrors()}
 * rather than thrown (for RPC such a param may be a function argument). Every other syntax error
 * throws PGRST100 with PostgREST's exact message and details.
 */
public final class QueryStringParser {
  private QueryStringParser() {}

  private static final Set<String> RESERVED = Set.of("select", "columns", "on_conflict");
  private static final Set<String> EMBEDDABLE = Set.of("order", "limit", "offset", "and", "or");

  public static QueryParams parse(String rawQuery) {
    List<Pair> pairs = QueryDecoder.decode(rawQuery);
    List<Pair> orderPs = new ArrayList<>();
    List<Pair> logicPs = new ArrayList<>();
    List<Pair> limitPs = new ArrayList<>();
    List<Pair> offsetPs = new ArrayList<>();
    List<Pair> filterPs = new ArrayList<>();
    for (Pair p : pairs) {
      // A key without '=' is dropped entirely, as in PostgREST.
      if (p.value() == null || RESERVED.contains(p.key())) {
        continue;
      }
      String last = lastSegment(p.key());
      if (!EMBEDDABLE.contains(last)) {
        filterPs.add(p);
      } else if (last.equals("order")) {
        orderPs.add(p);
      } else if (last.equals("limit")) {
        limitPs.add(p);
      } else if (last.equals("offset")) {
        offsetPs.add(p);
      } else {
        logicPs.add(p);
      }
    }

    // Parse in PostgREST's order so that, of several errors, the same one is reported.
    List<Scoped<List<Order>>> orders = new ArrayList<>();
    for (Pair p : orderPs) {
      List<String> path = treePath(p.key()).path();
      orders.add(new Scoped<>(path,
          ParseErrors.run(OrderGrammar.ORDER, "failed to parse order (" + p.value() + ")", p.value())));
    }
    List<Scoped<Logic>> logic = new ArrayList<>();
    for (Pair p : logicPs) {
      logic.add(logicTree(p.key(), p.value()));
    }
    List<String> columns = columnList(first(pairs, "columns"), "columns", true);
    String selectRaw = first(pairs, "select");
    List<SelectItem> select = selectRaw == null ? List.of() : ParseErrors.run(
        SelectGrammar.FOREST, "failed to parse select parameter (" + selectRaw + ")", selectRaw);
    if (select.isEmpty()) {
      select = List.of(Col.of("*"));
    }

    List<Scoped<Filter>> filters = new ArrayList<>();
    List<RawParam> params = new ArrayList<>();
    Map<String, RuntimeException> filterErrors = new LinkedHashMap<>();
    for (Pair p : filterPs) {
      params.add(new RawParam(p.key(), p.value()));
      try {
        filters.add(filter(p.key(), p.value()));
      } catch (RestError e) {
        filterErrors.putIfAbsent(p.key(), e);
      }
    }
    List<String> onConflict = columnList(first(pairs, "on_conflict"), "on_conflict", false);

    List<Scoped<Long>> limits = Ranges.collect(limitPs, false);
    List<Scoped<Long>> offsets = Ranges.collect(offsetPs, true);
    Ranges.requireNonNegativeLimits(limits);

    return new QueryParams(select, selectRaw != null, filters, logic, orders, limits, offsets,
        columns, onConflict, params, filterErrors);
  }

  /** Parses one filter param: {@code clients.data->>a=not.eq.1}. Throws PGRST100. */
  public static Scoped<Filter> filter(String key, String value) {
    Scoped<Field> target = treePath(key);
    FilterGrammar.OpExpr op = ParseErrors.run(
        FilterGrammar.FILTER_VALUE, "failed to parse filter (" + value + ")", value);
    return new Scoped<>(target.path(), op.on(target.value()));
  }

  static Scoped<Field> treePath(String key) {
    return ParseErrors.run(Lexemes.TREE_PATH, "failed to parse tree path (" + key + ")", key);
  }

  /**
   * {@code [a.b.][not.](and|or)=(...)}: the key's operator is prefixed to the value so that the
   * tree grammar sees {@code or(...)} (error columns count that prefix, as in PostgREST).
   */
  private static Scoped<Logic> logicTree(String key, String value) {
    List<String> names = ParseErrors.run(Parsec.sepBy1(Lexemes.FIELD_NAME, Lexemes.DELIM),
        "failed to parse logic path (" + key + ")", key);
    String op = names.get(names.size() - 1);
    List<String> path = new ArrayList<>();
    for (String n : names.subList(0, names.size() - 1)) {
      if (!n.equals("not")) {
        path.add(n);
      }
    }
    String prefix = names.contains("not") ? "not." + op : op;
    Logic tree = ParseErrors.run(FilterGrammar.LOGIC_TREE,
        "failed to parse logic tree (" + value + ")", prefix + value);
    return new Scoped<>(path, tree);
  }

  private static List<String> columnList(String raw, String name, boolean distinct) {
    if (raw == null) {
      return null;
    }
    List<String> cols = ParseErrors.run(Lexemes.COLUMNS,
        "failed to parse " + name + " parameter (" + raw + ")", raw);
    return distinct ? List.copyOf(new LinkedHashSet<>(cols)) : List.copyOf(cols);
  }

  /** The value of the first param named {@code key}; null if absent or given without '='. */
  private static String first(List<Pair> pairs, String key) {
    for (Pair p : pairs) {
      if (p.key().equals(key)) {
        return p.value();
      }
    }
    return null;
  }

  static String lastSegment(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }
}
