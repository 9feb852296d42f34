package com.run402.local.runtime.rest;

import com.run402.local.runtime.rest.exec.Executor.Outcome;
import com.run402.local.runtime.rest.plan.ReadPlan;
import com.run402.local.runtime.rest.plan.ReadPlanner;
import com.run402.local.runtime.rest.request.Preferences;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Table;
import com.run402.local.runtime.rest.sql.Envelope;
import com.run402.local.runtime.rest.sql.ReadSql;
import com.run402.local.runtime.rest.sql.Sql;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET and HEAD on a table or view. */
final class ReadHandler {
  private final Services s;

  ReadHandler(Services s) {
    this.s = s;
  }

  RestResult handle(Request r, Table table) {
    Page page = page(r, s.options().maxRows());
    QName name = table.name();
    ReadPlan plan = ReadPlanner.plan(r.cache(), name, name.name(), r.query(), page.limit(), page.offset(),
        s.options().aggregates());
    plan = capEmbeds(plan, s.options().maxRows());
    ReadSql render = new ReadSql(r.cache());
    Sql from = new Sql().qualified(name.schema(), name.name());
    Sql source = new Sql().raw("pgrst_source AS (").append(render.render(plan, from, false)).raw(")");
    Preferences.Count mode = r.prefs().count();
    boolean exact = mode == Preferences.Count.EXACT
        || (mode == Preferences.Count.ESTIMATED && s.options().maxRows() == null);
    Sql count = exact ? count(render.render(plan, from, true)) : null;
    Sql estimate = mode != null && !exact ? render.render(plan, from, true) : null;
    Sql stmt = Envelope.build(source, new Sql().raw("SELECT * FROM pgrst_source"), count, body(r.media()), null, null);
    Outcome o = s.executor().run(s.session(r, true), stmt, estimate, s.commits(r), r.authenticated());
    if (mode == Preferences.Count.ESTIMATED && !exact && o.total() != null
        && (page.limit() == null || o.pageTotal() < page.limit()) && page.offset() == 0) {
      // estimated: the page holds everything, so the total is exact after all
      o = new Outcome(o.pageTotal(), o.pageTotal(), o.body(), o.responseHeaders(), o.responseStatus(), o.location(),
          o.inserted());
    }
    r.timing().lap("transaction");
    return respond(r, page, o, s.applied(r, false, exactCount(r), false, false, false));
  }

  /** max-rows also bounds every to-many embed, as in PostgREST. */
  static ReadPlan capEmbeds(ReadPlan p, Long maxRows) {
    if (maxRows == null) {
      return p;
    }
    java.util.List<ReadPlan.Out> out = new java.util.ArrayList<>();
    for (ReadPlan.Out o : p.select()) {
      if (o instanceof ReadPlan.Embed) {
        ReadPlan c = capEmbeds(((ReadPlan.Embed) o).child(), maxRows);
        if (!c.toOne()) {
          c = c.withPage(c.limit() == null ? maxRows : Math.min(c.limit(), maxRows), c.offset());
        }
        out.add(new ReadPlan.Embed(c));
      } else {
        out.add(o);
      }
    }
    return p.withSelect(out);
  }

  static boolean exactCount(Request r) {
    return r.prefs().count() != null;
  }

  static Sql count(Sql forCount) {
    return new Sql().raw("(SELECT pg_catalog.count(*) FROM (").append(forCount).raw(") _pgrst_count)");
  }

  static Page page(Request r, Long maxRows) {
    Long limit = null;
    Long offset = null;
    for (var l : r.query().limits()) {
      if (l.path().isEmpty()) {
        limit = l.value();
      }
    }
    for (var o : r.query().offsets()) {
      if (o.path().isEmpty()) {
        offset = o.value();
      }
    }
    String range = r.call().method().equals("GET") ? r.call().header("Range") : null;
    return Page.of(offset, limit, range, maxRows);
  }

  static Envelope.Body body(MediaType m) {
    switch (m) {
      case SINGULAR:
        return Envelope.Body.FIRST;
      case STRIPPED_SINGULAR:
        return Envelope.Body.STRIPPED_FIRST;
      case STRIPPED_JSON:
        return Envelope.Body.STRIPPED_ARRAY;
      default:
        return Envelope.Body.ARRAY;
    }
  }

  RestResult respond(Request r, Page page, Outcome o, String applied) {
    Map<String, String> h = new LinkedHashMap<>();
    int status = page.status(o.pageTotal(), o.total());
    if (status == 416) {
      RestResult err = s.responses().error(page.unsatisfiable(o.total()));
      Map<String, String> eh = new LinkedHashMap<>(err.headers());
      eh.put("Content-Range", "*/" + o.total());
      return new RestResult(416, eh, err.body());
    }
    if (r.media().singular() && o.pageTotal() != 1) {
      throw singular(o.pageTotal());
    }
    h.put("Content-Type", r.media().contentType);
    h.put("Content-Range", Responses.contentRange(page.offset(), o.pageTotal(), o.total()));
    h.put("Vary", "Accept, Prefer, Range"); // the body depends on them (caches must key on them)
    if (r.isRead()) {
      h.put("Content-Location", contentLocation(r));
    }
    Services.putIfNotNull(h, "Preference-Applied", applied);
    status = s.responses().applyGucs(o, h, status);
    return new RestResult(status, h, s.responses().body(o.body(), r.media()));
  }

  /** The canonical URL of what was read: the path with its query params sorted, as PostgREST sends it. */
  private static String contentLocation(Request r) {
    String path = r.call().path();
    String q = r.call().rawQuery();
    if (q.isEmpty()) {
      return path;
    }
    java.util.List<String> pairs = new java.util.ArrayList<>(java.util.Arrays.asList(q.split("&")));
    pairs.removeIf(String::isEmpty);
    pairs.sort(java.util.Comparator.comparing((String p) -> p.split("=", 2)[0]));
    return path + "?" + String.join("&", pairs);
  }

  static RestError singular(long rows) {
    return new RestError(406, "PGRST116", "Cannot coerce the result to a single JSON object",
        "The result contains " + rows + " rows", null);
  }
}
