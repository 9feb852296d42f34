package com.run402.local.runtime.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Converts result values to JSON the way production does, which is node-postgres's conversion
 * (legacy-gateway 5.4): int2/int4/float as numbers, int8 and numeric as strings, timestamps and dates
 * as UTC ISO strings with milliseconds, json/jsonb parsed, arrays as JSON arrays, bytea as a
 * Node Buffer object, everything else as text.
 */
public final class PgJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper json;

  public PgJson(ObjectMapper json) {
    this.json = json;
  }

  public JsonNode value(ResultSet rs, int col, String type) throws SQLException {
    if (type.startsWith("_")) {
      Array a = rs.getArray(col);
      return a == null ? F.nullNode() : array(a.getArray(), type.substring(1));
    }
    switch (type) {
      case "int2", "int4", "oid", "xid", "cid":
        long l = rs.getLong(col);
        return rs.wasNull() ? F.nullNode() : F.numberNode(l);
      case "float4", "float8":
        double d = rs.getDouble(col);
        return rs.wasNull() || Double.isNaN(d) || Double.isInfinite(d) ? F.nullNode() : F.numberNode(d);
      case "bool":
        boolean b = rs.getBoolean(col);
        return rs.wasNull() ? F.nullNode() : F.booleanNode(b);
      case "bytea":
        byte[] bytes = rs.getBytes(col);
        return bytes == null ? F.nullNode() : buffer(bytes);
      default:
        return scalar(rs.getString(col), type);
    }
  }

  private JsonNode scalar(String text, String type) {
    if (text == null) {
      return F.nullNode();
    }
    switch (type) {
      case "json", "jsonb":
        return parse(text);
      case "timestamptz", "timestamp":
        return F.textNode(timestamp(text, type.equals("timestamptz")));
      case "date":
        return F.textNode(date(text));
      case "int2", "int4", "oid":
        return F.numberNode(Long.parseLong(text));
      case "float4", "float8":
        return F.numberNode(Double.parseDouble(text));
      case "bool":
        return F.booleanNode(text.equals("t") || text.equals("true"));
      default:
        return F.textNode(text);
    }
  }

  private JsonNode array(Object values, String elementType) {
    ArrayNode out = F.arrayNode();
    for (Object v : (Object[]) values) {
      if (v == null) {
        out.addNull();
      } else if (v instanceof Object[]) {
        out.add(array(v, elementType));
      } else if (v instanceof byte[] bytes) {
        out.add(buffer(bytes));
      } else if (v instanceof Timestamp ts) {
        out.add(ISO_MILLIS.format(ts.toInstant().truncatedTo(ChronoUnit.MILLIS)));
      } else if (v instanceof java.sql.Date dt) {
        out.add(ISO_MILLIS.format(dt.toLocalDate().atStartOfDay(ZoneOffset.UTC)));
      } else {
        out.add(scalar(v.toString(), elementType));
      }
    }
    return out;
  }

  private ObjectNode buffer(byte[] bytes) {
    ObjectNode o = F.objectNode();
    o.put("type", "Buffer");
    ArrayNode data = o.putArray("data");
    for (byte x : bytes) {
      data.add(x & 0xff);
    }
    return o;
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      return F.textNode(text);
    }
  }

  /** Postgres text output (session TimeZone=UTC) to JS Date#toJSON form; 'infinity' stays text. */
  static String timestamp(String text, boolean withZone) {
    try {
      String t = text.replace(' ', 'T');
      if (withZone) {
        if (t.matches(".*[+-]\\d\\d$")) {
          t = t + ":00";
        }
        return ISO_MILLIS.format(java.time.OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS));
      }
      return ISO_MILLIS.format(java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    } catch (RuntimeException e) {
      return text;
    }
  }

  static String date(String text) {
    try {
      return ISO_MILLIS.format(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (RuntimeException e) {
      return text;
    }
  }

  /** Instant in production's format. */
  public static String iso(Instant i) {
    return ISO_MILLIS.format(i.truncatedTo(ChronoUnit.MILLIS));
  }
}
