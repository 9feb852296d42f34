package com.run402.local.runtime.rest.sql;

/**
 * The statement every request runs: its CTEs, then one row with the total (exact count or null),
 * the page size, the JSON body built by Postgres, the response GUCs a function may have set, and
 * the primary key of the first row (for Location).
 */
public final class Envelope {
  /** How the body is aggregated from the result rows {@code _postgrest_t}. */
  public enum Body {
    NONE,
    ARRAY,
    STRIPPED_ARRAY,
    FIRST,
    STRIPPED_FIRST,
    SCALAR_FIRST,
    SCALAR_ARRAY
  }

  private Envelope() {}

  /**
   * {@code WITH <ctes> SELECT ... FROM (<rows>) _postgrest_t}. {@code count} may be null (total
   * unknown); {@code location} may be null; {@code scalarColumn} names the column for SCALAR_*.
   */
  public static Sql build(Sql ctes, Sql rows, Sql count, Body body, String scalarColumn, Sql location) {
    return build(ctes, rows, count, body, scalarColumn, location, null);
  }

  /** As above, with {@code inserted}: how many rows an upsert inserted (rather than updated). */
  public static Sql build(Sql ctes, Sql rows, Sql count, Body body, String scalarColumn, Sql location,
      Sql inserted) {
    Sql s = new Sql();
    if (ctes != null && !ctes.isEmpty()) {
      s.raw("WITH ").append(ctes).raw(" ");
    }
    s.raw("SELECT ");
    if (count == null) {
      s.raw("NULL::bigint");
    } else {
      s.append(count);
    }
    s.raw(" AS total, pg_catalog.count(_postgrest_t) AS page_total, ");
    switch (body) {
      case ARRAY:
        s.raw("coalesce(json_agg(_postgrest_t), '[]')::text");
        break;
      case STRIPPED_ARRAY:
        s.raw("coalesce(json_agg(json_strip_nulls(row_to_json(_postgrest_t))), '[]')::text");
        break;
      case FIRST:
        s.raw("coalesce((json_agg(_postgrest_t)->0)::text, '')");
        break;
      case STRIPPED_FIRST:
        s.raw("coalesce((json_agg(json_strip_nulls(row_to_json(_postgrest_t)))->0)::text, '')");
        break;
      case SCALAR_FIRST:
        s.raw("coalesce((json_agg(_postgrest_t.").ident(scalarColumn).raw(")->0)::text, 'null')");
        break;
      case SCALAR_ARRAY:
        s.raw("coalesce(json_agg(_postgrest_t.").ident(scalarColumn).raw("), '[]')::text");
        break;
      default:
        s.raw("NULL::text");
    }
    s.raw(" AS body, nullif(current_setting('response.headers', true), '') AS response_headers,"
        + " nullif(current_setting('response.status', true), '') AS response_status, ");
    if (location == null) {
      s.raw("NULL::text");
    } else {
      s.append(location);
    }
    s.raw(" AS location, ");
    if (inserted == null) {
      s.raw("NULL::bigint");
    } else {
      s.append(inserted);
    }
    s.raw(" AS inserted FROM (").append(rows).raw(") _postgrest_t");
    return s;
  }
}
