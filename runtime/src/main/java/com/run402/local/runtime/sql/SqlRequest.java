package com.run402.local.runtime.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.error.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /projects/v1/admin/:id/sql}: raw SQL for any non-JSON content type, or
 * JSON {@code {sql | query, params?}} (legacy-gateway 5.4).
 */
public record SqlRequest(String sql, List<JsonNode> params) {
  static final String EMPTY =
      "No SQL provided — send raw SQL as text/plain body, or JSON with a \"sql\" field";

  public static SqlRequest parse(String contentType, String body, ObjectMapper json) {
    boolean isJson = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("application/json");
    if (!isJson) {
      return of(body, List.of());
    }
    JsonNode root;
    try {
      root = json.readTree(body == null ? "" : body);
    } catch (Exception e) {
      throw ApiException.badRequest("invalid_json", "Invalid JSON in request body");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("invalid_json", "Request body must be a JSON object with a \"sql\" field");
    }
    JsonNode sql = root.hasNonNull("sql") ? root.get("sql") : root.get("query");
    if (sql != null && !sql.isNull() && !sql.isTextual()) {
      throw ApiException.badRequest("invalid_sql", "\"sql\" must be a string");
    }
    JsonNode params = root.get("params");
    List<JsonNode> list = new ArrayList<>();
    if (params != null && !params.isNull()) {
      if (!params.isArray()) {
        throw ApiException.badRequest("invalid_params", "\"params\" must be an array");
      }
      params.forEach(list::add);
    }
    return of(sql == null || sql.isNull() ? null : sql.asText(), list);
  }

  private static SqlRequest of(String sql, List<JsonNode> params) {
    if (sql == null || sql.isBlank()) {
      throw ApiException.badRequest("no_sql", EMPTY);
    }
    return new SqlRequest(sql, List.copyOf(params));
  }
}
