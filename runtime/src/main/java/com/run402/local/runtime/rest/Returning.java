package com.run402.local.runtime.rest;

import com.run402.local.runtime.rest.request.Order;
import com.run402.local.runtime.rest.request.Preferences;
import com.run402.local.runtime.rest.request.Scoped;
import com.run402.local.runtime.rest.request.SelectItem;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Relationship;
import com.run402.local.runtime.rest.schema.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns a write must RETURN: those the response selects, those its embeds join on and
 * those it orders by. A star or a computed field needs the whole row (null); a minimal response
 * needs none (empty).
 */
final class Returning {
  private Returning() {}

  static List<String> columns(Request r, Table t) {
    Preferences.Return ret = r.prefs().ret();
    Set<String> cols = new LinkedHashSet<>();
    if (ret == Preferences.Return.HEADERS_ONLY) {
      cols.addAll(t.primaryKey());
      return List.copyOf(cols);
    }
    if (ret != Preferences.Return.REPRESENTATION) {
      return List.of();
    }
    for (SelectItem item : r.query().select()) {
      if (item instanceof SelectItem.Col) {
        SelectItem.Col c = (SelectItem.Col) item;
        if (c.field() == null || c.field().isStar() || t.column(c.field().name()) == null) {
          return null;
        }
        cols.add(c.field().name());
      } else {
        SelectItem.Embed e = (SelectItem.Embed) item;
        Relationship rel = find(r, t.name(), e);
        if (rel == null || rel.computed()) {
          return null;
        }
        if (rel.junction() != null) {
          rel.junction().sourceColumns().forEach(p -> cols.add(p.foreign()));
        } else {
          rel.columns().forEach(p -> cols.add(p.local()));
        }
      }
    }
    for (Scoped<List<Order>> o : r.query().orders()) {
      if (o.path().isEmpty()) {
        for (Order ord : o.value()) {
          if (ord.relation() != null || t.column(ord.field().name()) == null) {
            return null;
          }
          cols.add(ord.field().name());
        }
      }
    }
    return List.copyOf(cols);
  }

  private static Relationship find(Request r, QName table, SelectItem.Embed e) {
    try {
      return com.run402.local.runtime.rest.plan.ReadPlanner.relation(r.cache(), table, e.relation(), e.hint());
    } catch (RestError err) {
      return null;
    }
  }
}
