package com.run402.local.runtime.expose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a manifest: its shape, its self-consistency, and (when a project's live schema is
 * given) that everything it names exists. Pure: reading the schema is the caller's business.
 */
public final class ExposeValidator {
  private ExposeValidator() {}

  /** The validate endpoints' answer: {@code {has_errors, errors[], warnings[]}} plus the manifest when well-formed. */
  public record Report(ExposeManifest manifest, List<Issue> errors, List<Issue> warnings) {
    public boolean hasErrors() {
      return !errors.isEmpty();
    }
  }

  /**
   * {@code live} null means projectless validation: shape and self-consistency only, plus a
   * validation-inconclusive warning, since names cannot be checked without a schema.
   */
  public static Report validate(JsonNode manifestJson, LiveSchema live, boolean migrationSqlGiven) {
    ManifestParser.Parsed parsed = ManifestParser.parse(manifestJson);
    List<Issue> all = new ArrayList<>(parsed.issues());
    ExposeManifest m = parsed.manifest();
    if (m != null) {
      all.addAll(ManifestChecks.check(m));
      if (live != null) {
        all.addAll(LiveChecks.check(m, live));
      } else {
        all.add(Issue.warning(Issue.INCONCLUSIVE, "Checked shape and consistency only: tables, columns, views and "
            + "functions were not checked against a schema" + (migrationSqlGiven
                ? " (run402-local does not execute migration_sql outside a project)" : ""),
            "Validate against a project: POST /projects/v1/admin/:id/expose/validate after running the migration."));
      }
    }
    return new Report(m, all.stream().filter(Issue::isError).toList(),
        all.stream().filter(i -> !i.isError()).toList());
  }
}
