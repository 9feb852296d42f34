package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.rest.exec.Executor.Outcome;
import com.run402.local.runtime.rest.plan.ReadPlan;
import com.run402.local.runtime.rest.plan.ReadPlanner;
import com.run402.local.runtime.rest.request.Filter;
import com.run402.local.runtime.rest.request.QueryParams;
import com.run402.local.runtime.rest.request.RawParam;
import com.run402.local.runtime.rest.request.Scoped;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Routine;
import com.run402.local.runtime.rest.schema.RoutineArg;
import com.run402.local.runtime.rest.sql.Envelope;
import com.run402.local.runtime.rest.sql.ReadSql;
import com.run402.local.runtime.rest.sql.Sql;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET|HEAD|POST /rpc/fn}: arguments from the query (GET) or body (POST), results filtered like reads. */
final class RpcHandler {
  private final Services s;
  private final ReadHandler reads;

  RpcHandler(Services s, ReadHandler reads) {
    this.s = s;
    this.reads = reads;
  }

  RestResult handle(Request r) {
    String m = r.call().method();
    if (!m.equals("GET") && !m.equals("HEAD") && !m.equals("POST")) {
      throw new RestError(405, "PGRST101", "Cannot use the " + m + " method on RPC");
    }
    boolean post = m.equals("POST");
    QName name = new QName(r.schema(), r.target());
    List<Routine> overloads = r.cache().routines(name);
    String raw = post ? rawBodyType(r.call().header("Content-Type")) : null;
    if (raw != null) {
      return rawBody(r, name, overloads, raw);
    }
    JsonNode body = post ? body(r) : null;
    Set<String> given = new LinkedHashSet<>();
    Map<String, String> getArgs = new LinkedHashMap<>();
    if (post) {
      if (body.isObject()) {
        body.fieldNames().forEachRemaining(given::add);
        if (r.query().columns() != null) {
          given.retainAll(r.query().columns());
        }
      }
    } else {
      // A GET param is an argument when it is not a filter, as in PostgREST (`id=5&id=gt.2`).
      for (RawParam p : r.query().params()) {
        if (!isFilter(p)) {
          given.add(p.key());
          getArgs.put(p.key(), p.value());
        }
      }
    }
    RpcResolver.Choice choice = RpcResolver.choose(overloads, name, given, post, r.call().header("Content-Type"));
    Routine fn = choice.routine();
    Sql call = call(fn, choice.wholeBody(), post ? body : null, r.query(), given);
    QueryParams q = post ? filtersOnly(r.query()) : withoutArgs(r.query(), getArgs.keySet());
    Page page = ReadHandler.page(r, s.options().maxRows());
    String ref = fn.name().name();
    Sql from = call.raw(" AS ").ident(ref);
    Sql rows;
    ReadPlan countPlan = null;
    Envelope.Body shape;
    String scalar = null;
    if (fn.returnsVoid()) {
      rows = new Sql().raw("SELECT 1 FROM ").append(from);
      shape = Envelope.Body.NONE;
    } else if (fn.returnsScalar()) {
      scalar = ref;
      ReadPlan plan = ReadPlanner.plan(r.cache(), name, ref, q, page.limit(), page.offset(), s.options().aggregates());
      rows = new ReadSql(r.cache()).render(plan, from, false);
      countPlan = plan;
      shape = fn.returnsSetOf() ? Envelope.Body.SCALAR_ARRAY : Envelope.Body.SCALAR_FIRST;
    } else {
      QName rel = fn.returnType();
      ReadPlan plan = ReadPlanner.plan(r.cache(), rel, ref, q, page.limit(), page.offset(), s.options().aggregates());
      rows = new ReadSql(r.cache()).render(plan, from, false);
      countPlan = plan;
      shape = fn.returnsSetOf() ? ReadHandler.body(r.media())
          : r.media().stripNulls() ? Envelope.Body.STRIPPED_FIRST : Envelope.Body.FIRST;
    }
    if (r.media().singular() && shape == Envelope.Body.ARRAY) {
      shape = Envelope.Body.FIRST;
    }
    Sql count = r.prefs().count() != null && countPlan != null
        ? ReadHandler.count(new ReadSql(r.cache()).render(countPlan, from, true)) : null;
    Sql stmt = Envelope.build(new Sql().raw("pgrst_source AS (").append(rows).raw(")"),
        new Sql().raw("SELECT * FROM pgrst_source"), count, shape, scalar, null);
    boolean readOnly = !post || fn.volatility() != 'v';
    Long max = r.prefs().handling() == com.run402.local.runtime.rest.request.Preferences.Handling.STRICT
        ? r.prefs().maxAffected() : null;
    if (max != null && !fn.returnsSetOf()) {
      throw new RestError(400, "PGRST128",
          "Function must return SETOF or TABLE when max-affected preference is used with handling=strict");
    }
    // A read-only transaction changes nothing, so its end need not wait for the outcome.
    Outcome o = readOnly
        ? s.executor().run(s.session(r, true), stmt, null, s.commits(r), r.authenticated())
        : s.executor().run(s.session(r, false), stmt,
            x -> s.commits(r) && !(r.media().singular() && x.pageTotal() != 1) && !(max != null && x.pageTotal() > max),
            r.authenticated());
    r.timing().lap("transaction");
    if (max != null && o.pageTotal() > max) {
      throw new RestError(400, "PGRST124", "Query result exceeds max-affected preference constraint",
          "The query affects " + o.pageTotal() + " rows", null);
    }
    if (fn.returnsVoid()) {
      Map<String, String> h = new LinkedHashMap<>();
      Services.putIfNotNull(h, "Preference-Applied", s.applied(r, false, false, false, false, false));
      int status = s.responses().applyGucs(o, h, 204);
      return new RestResult(status, h, new byte[0]);
    }
    return reads.respond(r, page, o, s.applied(r, false, r.prefs().count() != null, false, false, false));
  }

  /** text/plain, text/xml and octet-stream bodies go whole to a single unnamed text/xml/bytea parameter. */
  private static String rawBodyType(String contentType) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    switch (ct) {
      case "text/plain":
        return "text";
      case "text/xml":
        return "xml";
      case "application/octet-stream":
        return "bytea";
      default:
        return null;
    }
  }

  private RestResult rawBody(Request r, QName name, List<Routine> overloads, String type) {
    Routine fn = overloads.stream()
        .filter(o -> o.args().size() == 1 && o.args().get(0).name().isEmpty() && o.args().get(0).type().equals(type))
        .findFirst().orElseThrow(() -> new RestError(404, "PGRST202",
            "Could not find the function " + name + " in the schema cache", "Searched for the function " + name
                + " with a single unnamed " + type + " parameter, but no matches were found in the schema cache.",
            null));
    String text = new String(r.call().body(), StandardCharsets.UTF_8);
    Sql call = new Sql().qualified(fn.name().schema(), fn.name().name()).raw("(").param(text).raw("::" + type + ")");
    Page page = ReadHandler.page(r, s.options().maxRows());
    String ref = fn.name().name();
    Sql from = call.raw(" AS ").ident(ref);
    Sql rows = new Sql().raw("SELECT * FROM ").append(from);
    Envelope.Body shape = fn.returnsScalar()
        ? (fn.returnsSetOf() ? Envelope.Body.SCALAR_ARRAY : Envelope.Body.SCALAR_FIRST)
        : fn.returnsSetOf() ? Envelope.Body.ARRAY : Envelope.Body.FIRST;
    Sql stmt = Envelope.build(new Sql().raw("pgrst_source AS (").append(rows).raw(")"),
        new Sql().raw("SELECT * FROM pgrst_source"), null, shape, fn.returnsScalar() ? ref : null, null);
    Outcome o = s.executor().run(s.session(r, fn.volatility() != 'v'), stmt, null, s.commits(r), r.authenticated());
    r.timing().lap("transaction");
    return reads.respond(r, page, o, null);
  }

  private JsonNode body(Request r) {
    byte[] b = r.call().body();
    String text = new String(b, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return s.json().createObjectNode();
    }
    String ct = r.call().header("Content-Type");
    if (ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return Payload.parse(r.call(), s.json()).json();
    }
    try {
      JsonNode n = s.json().readTree(text);
      if (n == null) {
        throw Payload.invalid();
      }
      return n;
    } catch (RestError e) {
      throw e;
    } catch (Exception e) {
      throw Payload.invalid();
    }
  }

  /** {@code "s"."fn"("a" := CAST(? AS t), ...)}; POST values come typed from the JSON body. */
  private Sql call(Routine fn, boolean wholeBody, JsonNode body, QueryParams q, Set<String> given) {
    Sql s = new Sql().qualified(fn.name().schema(), fn.name().name()).raw("(");
    if (wholeBody) {
      return s.typedParam(body.toString()).raw("::" + fn.args().get(0).type() + ")");
    }
    boolean first = true;
    for (RoutineArg a : fn.args()) {
      if (!given.contains(a.name())) {
        continue;
      }
      s.raw(first ? "" : ", ");
      first = false;
      if (a.variadic()) {
        s.raw("VARIADIC ");
      }
      s.ident(a.name()).raw(" := ");
      if (body != null) {
        s.raw("(SELECT _a.").ident(a.name()).raw(" FROM json_to_record(").typedParam(body.toString())
            .raw("::json) AS _a(").ident(a.name()).raw(" " + a.type() + "))");
      } else {
        List<String> values = new ArrayList<>();
        for (RawParam p : q.params()) {
          if (p.key().equals(a.name()) && !isFilter(p)) {
            values.add(p.value());
          }
        }
        String v = a.variadic() ? com.run402.local.runtime.rest.sql.Exprs.arrayLiteral(values)
            : values.get(values.size() - 1);
        s.raw("CAST(").param(v).raw(" AS " + a.type() + ")");
      }
    }
    return s.raw(")");
  }

  private static boolean isFilter(RawParam p) {
    try {
      com.run402.local.runtime.rest.request.QueryStringParser.filter(p.key(), p.value());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** POST: every query param is a filter; a param that is not one is an error. */
  private static QueryParams filtersOnly(QueryParams q) {
    if (!q.filterErrors().isEmpty()) {
      throw q.filterErrors().values().iterator().next();
    }
    return q;
  }

  private static QueryParams withoutArgs(QueryParams q, Set<String> args) {
    List<Scoped<Filter>> filters = q.filters();
    Map<String, RuntimeException> errors = new LinkedHashMap<>(q.filterErrors());
    errors.keySet().removeAll(args);
    if (!errors.isEmpty()) {
      throw errors.values().iterator().next();
    }
    return new QueryParams(q.select(), q.selectGiven(), filters, q.logic(), q.orders(), q.limits(), q.offsets(),
        q.columns(), q.onConflict(), q.params(), Map.of());
  }
}
