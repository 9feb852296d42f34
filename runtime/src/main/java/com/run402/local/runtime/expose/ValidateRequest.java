package com.run402.local.runtime.expose;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;

/** The body of the validate endpoints: {@code {manifest, migration_sql?}} (a bare manifest is accepted too). */
record ValidateRequest(JsonNode manifest, String migrationSql) {
  static ValidateRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("invalid_request", "Requires a JSON object {manifest, migration_sql?}");
    }
    JsonNode sql = body.get("migration_sql");
    if (sql != null && !sql.isNull() && !sql.isTextual()) {
      throw ApiException.badRequest("invalid_request", "migration_sql must be a string");
    }
    JsonNode manifest = body.has("manifest") ? body.get("manifest") : body;
    return new ValidateRequest(manifest, sql == null || sql.isNull() ? null : sql.asText());
  }
}
