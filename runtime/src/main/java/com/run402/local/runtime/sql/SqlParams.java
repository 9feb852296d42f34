package com.run402.local.runtime.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Binds JSON parameters as node-postgres does: every value goes as text of unspecified type so that
 * Postgres infers it from context; arrays become array literals and objects JSON text.
 */
final class SqlParams {
  private SqlParams() {}

  static void bind(PreparedStatement ps, List<JsonNode> params, List<Integer> order) throws SQLException {
    for (int i = 0; i < order.size(); i++) {
      int n = order.get(i);
      if (n < 1 || n > params.size()) {
        throw new SQLException("there is no parameter $" + n, "42P02");
      }
      String text = text(params.get(n - 1));
      if (text == null) {
        ps.setNull(i + 1, Types.OTHER);
      } else {
        ps.setObject(i + 1, text, Types.OTHER);
      }
    }
  }

  static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      return arrayLiteral(v);
    }
    if (v.isObject()) {
      return v.toString();
    }
    return v.isNumber() ? jsNumber(v) : v.asText();
  }

  /** A number as JavaScript prints it (node-postgres sends String(n)): 1.0 is "1", 1e3 is "1000". */
  static String jsNumber(JsonNode v) {
    if (!v.isFloatingPointNumber()) {
      return v.asText();
    }
    double d = v.doubleValue();
    double abs = Math.abs(d);
    if (Double.isFinite(d) && (abs == 0 || (abs >= 1e-6 && abs < 1e21))) {
      return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return v.asText();
  }

  private static String arrayLiteral(JsonNode arr) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < arr.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      JsonNode e = arr.get(i);
      if (e == null || e.isNull()) {
        sb.append("NULL");
      } else if (e.isArray()) {
        sb.append(arrayLiteral(e));
      } else {
        String t = e.isObject() ? e.toString() : e.isNumber() ? jsNumber(e) : e.asText();
        sb.append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return sb.append('}').toString();
  }
}
