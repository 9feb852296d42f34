package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.rest.exec.Executor.Outcome;
import com.run402.local.runtime.rest.plan.ReadPlan;
import com.run402.local.runtime.rest.plan.ReadPlanner;
import com.run402.local.runtime.rest.request.Order;
import com.run402.local.runtime.rest.request.Preferences;
import com.run402.local.runtime.rest.request.Preferences.Return;
import com.run402.local.runtime.rest.request.QueryParams;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Table;
import com.run402.local.runtime.rest.sql.Envelope;
import com.run402.local.runtime.rest.sql.Exprs;
import com.run402.local.runtime.rest.sql.ReadSql;
import com.run402.local.runtime.rest.sql.Sql;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** POST (insert, upsert), PUT (single-row upsert), PATCH (update) and DELETE on a table or view. */
final class MutateHandler {
  private final Services s;

  MutateHandler(Services s) {
    this.s = s;
  }

  RestResult handle(Request r, Table t) {
    String m = r.call().method();
    Sql dml;
    QueryParams q = r.query();
    boolean upsert = m.equals("PUT") || (m.equals("POST") && r.prefs().resolution() != null
        && !(q.onConflict() != null ? q.onConflict() : t.primaryKey()).isEmpty());
    switch (m) {
      case "POST":
        dml = insert(r, t, Payload.parse(r.call(), s.json(), q.columns() == null), r.prefs().resolution(), null);
        break;
      case "PUT":
        Map<String, String> key = Mutations.putKey(q, t);
        Payload p = Payload.parse(r.call(), s.json());
        checkPutPayload(p, key);
        dml = insert(r, t, p, Preferences.Resolution.MERGE_DUPLICATES, t.primaryKey());
        break;
      case "PATCH":
        dml = update(r, t, Payload.parse(r.call(), s.json(), q.columns() == null));
        break;
      default:
        dml = delete(r, t);
    }
    return run(r, t, dml, upsert);
  }

  private Sql insert(Request r, Table t, Payload p, Preferences.Resolution res, List<String> conflictCols) {
    List<String> cols = Mutations.columns(r.query(), p, t);
    QName n = t.name();
    Sql s = new Sql().raw("INSERT INTO ").qualified(n.schema(), n.name());
    if (!cols.isEmpty()) {
      s.raw(" (").append(identList(cols, null)).raw(")");
    }
    if (missingDefault(r) && !cols.isEmpty()) {
      s.raw(" ").append(valuesWithDefaults(n, cols, p));
    } else {
      s.raw(" SELECT ").append(identList(cols, "_")).raw(" FROM json_populate_recordset(NULL::")
          .qualified(n.schema(), n.name()).raw(", ").typedParam(p.rows(this.s.json()).toString()).raw("::json) _");
    }
    if (res != null) {
      List<String> target = conflictCols != null ? conflictCols
          : r.query().onConflict() != null ? r.query().onConflict() : t.primaryKey();
      if (!target.isEmpty()) {
        upsertReturning = true;
        s.raw(" ON CONFLICT (").append(identList(target, null)).raw(")");
        if (res == Preferences.Resolution.IGNORE_DUPLICATES || cols.isEmpty()) {
          s.raw(" DO NOTHING");
        } else {
          s.raw(" DO UPDATE SET ");
          for (int i = 0; i < cols.size(); i++) {
            s.raw(i == 0 ? "" : ", ").ident(cols.get(i)).raw(" = EXCLUDED.").ident(cols.get(i));
          }
        }
      }
    }
    boolean flag = upsertReturning;
    upsertReturning = false;
    return s.append(returning(r, t, flag));
  }

  /** Set while rendering an upsert: RETURNING then also says which rows were inserted. */
  private boolean upsertReturning;

  private static boolean missingDefault(Request r) {
    return r.prefs().missing() == Preferences.Missing.DEFAULT;
  }

  /**
   * {@code Prefer: missing=default}: a key absent from an object takes the column default, so
   * each row is a VALUES tuple where absent keys are the DEFAULT keyword.
   */
  private Sql valuesWithDefaults(QName n, List<String> cols, Payload p) {
    Sql v = new Sql().raw("VALUES ");
    boolean firstRow = true;
    for (JsonNode row : p.rows(this.s.json())) {
      v.raw(firstRow ? "(" : ", (");
      firstRow = false;
      for (int i = 0; i < cols.size(); i++) {
        v.raw(i == 0 ? "" : ", ");
        if (row.has(cols.get(i))) {
          v.raw("(json_populate_record(NULL::").qualified(n.schema(), n.name()).raw(", ").typedParam(row.toString())
              .raw("::json)).").ident(cols.get(i));
        } else {
          v.raw("DEFAULT");
        }
      }
      v.raw(")");
    }
    return v;
  }

  /** RETURNING only what the response needs, so column privileges hold as in PostgREST. */
  private Sql returning(Request r, Table t) {
    return returning(r, t, false);
  }

  private Sql returning(Request r, Table t, boolean inserted) {
    List<String> cols = Returning.columns(r, t);
    Sql s = new Sql().raw(" RETURNING ");
    if (inserted) {
      // xmax is 0 on a freshly inserted row version and set on one ON CONFLICT updated.
      List<String> out = cols == null ? List.copyOf(t.columns().keySet()) : cols;
      for (String c : out) {
        s.ident(t.name().name()).raw(".").ident(c).raw(", ");
      }
      return s.raw("(").ident(t.name().name()).raw(".xmax = 0) AS pgrst_inserted");
    }
    if (cols == null) {
      return s.ident(t.name().name()).raw(".*");
    }
    if (cols.isEmpty()) {
      return s.raw("1");
    }
    for (int i = 0; i < cols.size(); i++) {
      s.raw(i == 0 ? "" : ", ").ident(t.name().name()).raw(".").ident(cols.get(i));
    }
    return s;
  }

  private Sql update(Request r, Table t, Payload parsed) {
    Payload p = parsed;
    if (p.isArray()) {
      p = Payload.of(p.json().isEmpty() ? this.s.json().createObjectNode() : p.json().get(0), true);
    }
    List<String> cols = Mutations.columns(r.query(), p, t);
    QName n = t.name();
    if (cols.isEmpty()) {
      return new Sql().raw("SELECT ").ident(n.name()).raw(".* FROM ").qualified(n.schema(), n.name()).raw(" WHERE FALSE");
    }
    Sql s = new Sql().raw("UPDATE ").qualified(n.schema(), n.name()).raw(" SET ");
    for (int i = 0; i < cols.size(); i++) {
      s.raw(i == 0 ? "" : ", ").ident(cols.get(i));
      if (missingDefault(r) && !p.keys().contains(cols.get(i))) {
        s.raw(" = DEFAULT");
      } else {
        s.raw(" = _.").ident(cols.get(i));
      }
    }
    s.raw(" FROM (SELECT * FROM json_populate_record(NULL::").qualified(n.schema(), n.name()).raw(", ")
        .typedParam(p.json().toString()).raw("::json)) _ WHERE ").append(where(r, t));
    return s.append(returning(r, t));
  }

  private Sql delete(Request r, Table t) {
    QName n = t.name();
    return new Sql().raw("DELETE FROM ").qualified(n.schema(), n.name()).raw(" WHERE ").append(where(r, t))
        .append(returning(r, t));
  }

  /** Root filters, plus {@code limit}/{@code order} applied through ctid as PostgREST does. */
  private Sql where(Request r, Table t) {
    Sql cond = Mutations.rootWhere(r.query(), t);
    Page page = ReadHandler.page(r, null);
    if (page.limit() == null && page.offset() == 0) {
      return cond;
    }
    QName n = t.name();
    Sql sub = new Sql().raw("ctid = ANY(ARRAY(SELECT ").ident(n.name()).raw(".ctid FROM ").qualified(n.schema(),
        n.name()).raw(" WHERE ").append(cond);
    List<Order> order = r.query().orders().stream().filter(o -> o.path().isEmpty()).flatMap(o -> o.value().stream())
        .toList();
    for (int i = 0; i < order.size(); i++) {
      Order o = order.get(i);
      sub.raw(i == 0 ? " ORDER BY " : ", ").append(Exprs.field(n.name(), o.field(), null))
          .raw(o.desc() ? " DESC" : " ASC");
      if (o.nulls() != null) {
        sub.raw(o.nulls() == Order.Nulls.FIRST ? " NULLS FIRST" : " NULLS LAST");
      }
    }
    if (page.limit() != null) {
      sub.raw(" LIMIT ").typedParam(page.limit());
    }
    if (page.offset() > 0) {
      sub.raw(" OFFSET ").typedParam(page.offset());
    }
    return sub.raw("))");
  }

  private RestResult run(Request r, Table t, Sql dml, boolean upsert) {
    Preferences p = r.prefs();
    String method = r.call().method();
    Return ret = p.ret() == null ? Return.MINIMAL : p.ret();
    boolean representation = ret == Return.REPRESENTATION;
    QName n = t.name();
    Sql ctes = new Sql().raw("pgrst_source AS (").append(dml).raw(")");
    Sql rows;
    Sql source = new Sql().raw("pgrst_source AS ").ident(n.name());
    if (upsert) {
      List<String> cols = Returning.columns(r, t);
      List<String> out = cols == null ? List.copyOf(t.columns().keySet()) : cols;
      source = new Sql().raw("(SELECT ").append(out.isEmpty() ? new Sql().raw("1") : identList(out, null))
          .raw(" FROM pgrst_source) AS ").ident(n.name());
    }
    if (representation) {
      ReadPlan plan = ReadPlanner.plan(r.cache(), n, n.name(), Mutations.withoutRoot(r.query()), null, null,
          s.options().aggregates());
      rows = new ReadSql(r.cache()).render(plan, source, false);
    } else {
      rows = new Sql().raw("SELECT 1 FROM pgrst_source");
    }
    Sql location = null;
    if (method.equals("POST") && ret == Return.HEADERS_ONLY && !t.primaryKey().isEmpty()) {
      List<String> pk = t.columns().keySet().stream().filter(t.primaryKey()::contains).toList();
      location = new Sql().raw("(SELECT row_to_json(_l)::text FROM (SELECT ")
          .append(identList(pk, null)).raw(" FROM pgrst_source LIMIT 1) _l)");
    }
    Envelope.Body body = representation ? ReadHandler.body(r.media()) : Envelope.Body.NONE;
    Sql inserted = upsert ? new Sql().raw("(SELECT pg_catalog.count(*) FROM pgrst_source WHERE pgrst_inserted)") : null;
    Sql stmt = Envelope.build(ctes, rows, null, body, null, location, inserted);
    boolean strict = p.handling() == Preferences.Handling.STRICT;
    Outcome o = s.executor().run(s.session(r, false), stmt, x -> s.commits(r) && ok(r, x, strict),
        r.authenticated());
    r.timing().lap("transaction");
    if (r.media().singular() && o.pageTotal() != 1) {
      throw ReadHandler.singular(o.pageTotal());
    }
    if (strict && p.maxAffected() != null && o.pageTotal() > p.maxAffected()) {
      throw new RestError(400, "PGRST124", "Query result exceeds max-affected preference constraint",
          "The query affects " + o.pageTotal() + " rows", null);
    }
    Map<String, String> h = new LinkedHashMap<>();
    Long total = p.count() == Preferences.Count.EXACT ? o.pageTotal() : null;
    if (method.equals("PATCH")) {
      h.put("Content-Range", Responses.contentRange(0, o.pageTotal(), total));
    } else {
      h.put("Content-Range", "*/" + (total == null ? "*" : total));
    }
    if (location != null && o.location() != null) {
      h.put("Location", location(n.name(), o.location()));
    }
    Services.putIfNotNull(h, "Preference-Applied", s.applied(r, p.ret() != null, p.count() != null,
        upsert && method.equals("POST"), p.missing() != null, strict && p.maxAffected() != null));
    int status = method.equals("POST") ? 201 : representation ? 200 : 204;
    if (upsert && o.inserted() != null) {
      boolean created = o.inserted() > 0;
      status = created ? 201 : method.equals("PUT") && !representation ? 204 : 200;
    }
    if (representation) {
      h.put("Content-Type", r.media().contentType);
    }
    status = s.responses().applyGucs(o, h, status);
    byte[] bytes = representation ? s.responses().body(o.body(), r.media()) : new byte[0];
    return new RestResult(status, h, bytes);
  }

  private static boolean ok(Request r, Outcome o, boolean strict) {
    if (r.media().singular() && o.pageTotal() != 1) {
      return false;
    }
    return !(strict && r.prefs().maxAffected() != null && o.pageTotal() > r.prefs().maxAffected());
  }

  private void checkPutPayload(Payload p, Map<String, String> key) {
    if (p.isArray() && p.size() != 1) {
      throw new RestError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");
    }
    JsonNode row = p.isArray() ? p.json().get(0) : p.json();
    for (Map.Entry<String, String> k : key.entrySet()) {
      JsonNode v = row.get(k.getKey());
      if (v == null || !v.asText().equals(k.getValue())) {
        throw new RestError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");
      }
    }
  }

  private String location(String table, String pkJson) {
    try {
      JsonNode o = s.json().readTree(pkJson);
      StringBuilder b = new StringBuilder("/").append(table).append('?');
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      boolean first = true;
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        b.append(first ? "" : "&").append(enc(e.getKey()))
            .append(e.getValue().isNull() ? "=is.null" : "=eq." + enc(e.getValue().asText()));
        first = false;
      }
      return b.toString();
    } catch (Exception e) {
      return "/" + table;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Sql identList(List<String> cols, String prefix) {
    Sql s = new Sql();
    for (int i = 0; i < cols.size(); i++) {
      s.raw(i == 0 ? "" : ", ");
      if (prefix != null) {
        s.raw(prefix).raw(".");
      }
      s.ident(cols.get(i));
    }
    return s;
  }
}
