package com.run402.local.runtime.rest.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.rest.RestError;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Maps a Postgres error to PostgREST's response: its SQLSTATE -> HTTP status table, the
 * {@code PTnnn} custom statuses, and {@code RAISE SQLSTATE 'PGRST'} with a JSON message/detail.
 */
public final class SqlErrors {
  private SqlErrors() {}

  public static RestError map(SQLException e, boolean authenticated, ObjectMapper json) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage();
    String detail = null;
    String hint = null;
    if (e instanceof PSQLException && ((PSQLException) e).getServerErrorMessage() != null) {
      ServerErrorMessage m = ((PSQLException) e).getServerErrorMessage();
      message = m.getMessage();
      detail = m.getDetail();
      hint = m.getHint();
    } else if (state.startsWith("08") || state.isEmpty()) {
      return new RestError(503, "PGRST001", "Database client error. Retrying the connection.", null, null);
    }
    if ("PGRST".equals(state)) {
      return custom(message, detail, json);
    }
    int status = status(state, authenticated);
    if (state.equals("21000") && (message == null || !message.contains("requires a WHERE clause"))) {
      status = 500; // cardinality violation from user SQL, as in PostgREST
    }
    return new RestError(status, state, message, detail, hint);
  }

  static int status(String s, boolean authenticated) {
    if (s.length() == 5 && s.startsWith("PT") && s.substring(2).chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(s.substring(2));
    }
    switch (s) {
      case "23503":
      case "23505":
        return 409;
      case "25006":
        return 405;
      case "42883":
      case "42P01":
        return 404;
      case "42P17":
        return 500;
      case "42501":
        return authenticated ? 403 : 401;
      case "P0001":
        return 400;
      case "40001":
        return 409;
      case "22023":
        return 400;
      case "54001":
        return 500;
      default:
        break;
    }
    String cls = s.length() >= 2 ? s.substring(0, 2) : s;
    switch (cls) {
      case "08":
      case "53":
        return 503;
      case "0L":
      case "0P":
      case "28":
        return 403;
      case "09":
      case "25":
      case "2D":
      case "38":
      case "39":
      case "3B":
      case "40":
      case "55":
      case "57":
      case "58":
      case "F0":
      case "HV":
      case "P0":
      case "XX":
        return 500;
      case "54":
        return 413;
      case "PT":
        return 500;
      default:
        return 400;
    }
  }

  private static RestError custom(String message, String detail, ObjectMapper json) {
    try {
      JsonNode m = json.readTree(message);
      JsonNode d = detail == null ? null : json.readTree(detail);
      if (m == null || !m.isObject() || !m.has("code") || !m.has("message")) {
        throw new IllegalArgumentException();
      }
      int status = d != null && d.has("status") ? d.get("status").asInt(400) : 400;
      Map<String, String> headers = new LinkedHashMap<>();
      if (d != null && d.has("headers") && d.get("headers").isObject()) {
        d.get("headers").fields().forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
      }
      return new RestError(status, m.get("code").asText(), m.get("message").asText(), text(m.get("details")),
          text(m.get("hint"))).withHeaders(headers);
    } catch (Exception ex) {
      return new RestError(500, "PGRST121", "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
          "Invalid JSON value for MESSAGE: '" + message + "'",
          "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.");
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
