package com.run402.local.runtime.sql;

import com.run402.local.runtime.error.ApiException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Production's SQL blocklist (legacy-gateway 5.4), mirrored exactly so that clients see the same 403
 * and hint. It is a courtesy, not the security boundary: string literals are blanked first (comments
 * are not), so dollar-quoted SQL slips past it by design, and the tenant's Postgres role is what stops
 * such SQL from touching anything outside the project.
 */
public final class SqlBlocklist {
  private static final Pattern DOLLAR = Pattern.compile("\\$([A-Za-z_]*)\\$[\\s\\S]*?\\$\\1\\$");
  private static final Pattern QUOTED = Pattern.compile("'(?:[^']|'')*'");

  private record Rule(String source, Pattern pattern, String hint) {}

  private static final List<Rule> RULES = List.of(
      rule("\\bCREATE\\s+EXTENSION\\b", null),
      rule("\\bCOPY\\b.*\\bPROGRAM\\b", null),
      rule("\\bALTER\\s+SYSTEM\\b", null),
      rule("\\bSET\\s+search_path\\b", null),
      rule("\\bCREATE\\s+SCHEMA\\b", null),
      rule("\\bDROP\\s+SCHEMA\\b", null),
      rule("\\bGRANT\\b", "Permissions are managed automatically. For SERIAL/BIGSERIAL columns, sequence "
          + "permissions are pre-granted. Prefer BIGINT GENERATED ALWAYS AS IDENTITY over SERIAL for new tables."),
      rule("\\bREVOKE\\b", "Permissions are managed automatically. Use RLS policies "
          + "(POST /projects/v1/admin/:id/rls) to control row-level access."),
      rule("\\bCREATE\\s+ROLE\\b", null),
      rule("\\bDROP\\s+ROLE\\b", null));

  private SqlBlocklist() {}

  private static Rule rule(String source, String hint) {
    return new Rule(source, Pattern.compile(source, Pattern.CASE_INSENSITIVE), hint);
  }

  /** Throws the production 403 if the SQL matches a blocked pattern. */
  public static void check(String sql) {
    String stripped = QUOTED.matcher(DOLLAR.matcher(sql).replaceAll("\\$$1\\$\\$$1\\$")).replaceAll("''");
    for (Rule r : RULES) {
      if (r.pattern().matcher(stripped).find()) {
        String message = "Blocked SQL pattern: " + r.source() + (r.hint() == null ? "" : " — " + r.hint());
        Map<String, Object> extra = r.hint() == null
            ? Map.of("pattern", r.source())
            : Map.of("pattern", r.source(), "hint", r.hint());
        throw new ApiException(403, "sql_forbidden", message, extra);
      }
    }
  }
}
