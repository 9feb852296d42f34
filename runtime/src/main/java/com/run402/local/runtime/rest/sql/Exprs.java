package com.run402.local.runtime.rest.sql;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.Field;
import com.run402.local.runtime.rest.request.JsonStep;
import com.run402.local.runtime.rest.schema.Routine;
import java.util.List;
import java.util.regex.Pattern;

/** Column references, JSON paths, casts and array literals: the small expressions every renderer shares. */
public final class Exprs {
  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_ .]*(\\[\\])*");

  private Exprs() {}

  /** {@code "ref"."col"->'a'->>'b'}, or {@code "s"."fn"("ref")} for a computed field. */
  public static Sql field(String ref, Field f, Routine computed) {
    return field(ref, f, computed, null);
  }

  /**
   * As {@link #field(String, Field, Routine)}; a JSON path on a column that is not json/jsonb
   * (a composite or an array) goes through {@code to_jsonb}, as PostgREST does.
   */
  public static Sql field(String ref, Field f, Routine computed, com.run402.local.runtime.rest.schema.Column col) {
    if (computed == null && (col == null || !col.isJson()) && !f.json().isEmpty() && !"*".equals(f.name())) {
      Sql s = new Sql().raw("to_jsonb(").ident(ref).raw(".").ident(f.name()).raw(")");
      return jsonPath(s, f.json());
    }
    Sql s = new Sql();
    if (computed != null) {
      // The row is cast to the parameter's type: under a write it comes from a CTE (an anonymous record).
      s.qualified(computed.name().schema(), computed.name().name()).raw("(").ident(ref).raw("::")
          .raw(computed.args().get(0).type()).raw(")");
    } else {
      s.ident(ref).raw(".").ident(f.name());
    }
    return jsonPath(s, f.json());
  }

  /** Appends a JSON path: integer steps inline, keys bound as text parameters. */
  public static Sql jsonPath(Sql s, List<JsonStep> steps) {
    for (JsonStep step : steps) {
      s.raw(step.text() ? "->>" : "->");
      if (step.index()) {
        s.raw(Long.toString(Long.parseLong(step.key())));
      } else {
        s.typedParam(step.key()).raw("::text");
      }
    }
    return s;
  }

  /** The output key PostgREST gives a select item: its alias, else the last JSON key, else the column name. */
  public static String outputName(Field f, String alias) {
    if (alias != null) {
      return alias;
    }
    for (int i = f.json().size() - 1; i >= 0; i--) {
      if (!f.json().get(i).index()) {
        return f.json().get(i).key();
      }
    }
    return f.name();
  }

  /** {@code CAST(expr AS type)}; the type name is checked to be a plain (possibly array) type name. */
  public static Sql cast(Sql expr, String type) {
    if (type == null) {
      return expr;
    }
    String t = type.trim();
    if (!TYPE_NAME.matcher(t).matches()) {
      throw new RestError(400, "PGRST100", "\"failed to parse cast (" + type + ")\"", null, null);
    }
    return new Sql().raw("CAST(").append(expr).raw(" AS " + t + ")");
  }

  /** A Postgres array literal {@code {"a","b"}} with every element quoted. */
  public static String arrayLiteral(List<String> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"');
      String v = values.get(i);
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        if (c == '"' || c == '\\') {
          b.append('\\');
        }
        b.append(c);
      }
      b.append('"');
    }
    return b.append('}').toString();
  }
}
