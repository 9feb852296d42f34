package com.run402.local.runtime.expose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExposeValidatorTest {
  static final LiveSchema LIVE = new LiveSchema("p0001",
      Map.of("notes", rel("notes", 'r', "id", "owner", "body"),
          "accounts", rel("accounts", 'r', "id", "email", "password_hash"),
          "feed", rel("feed", 'v', "id")),
      Map.of("f", List.of(new LiveSchema.Function("f", "integer"), new LiveSchema.Function("f", "text")),
          "g", List.of(new LiveSchema.Function("g", ""))),
      (name, sig) -> name.equals("f") && sig.equals("(int)") ? Optional.of("integer") : Optional.empty());

  static LiveSchema.Relation rel(String name, char kind, String... cols) {
    Map<String, String> c = new LinkedHashMap<>();
    for (String col : cols) {
      c.put(col, "text");
    }
    return new LiveSchema.Relation(name, kind, c, List.of());
  }

  static ExposeValidator.Report validate(String m, LiveSchema live) throws Exception {
    JsonNode n = ManifestParserTest.json(m);
    return ExposeValidator.validate(n, live, false);
  }

  static List<String> types(List<Issue> issues) {
    return issues.stream().map(Issue::type).toList();
  }

  @Test
  void a_valid_manifest_has_no_errors() throws Exception {
    ExposeValidator.Report r = validate("{'tables':[{'name':'notes','policy':'user_owns_rows','owner_column':'owner',"
        + "'force_owner_on_insert':true}],'views':[{'name':'v','base':'notes','select':['id']}],"
        + "'rpcs':[{'name':'f','signature':'(int)','grant_to':['anon']},{'name':'g','grant_to':['project_admin']}]}",
        LIVE);
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.manifest()).isNotNull();
  }

  @Test
  void self_consistency_issues_need_no_schema() throws Exception {
    ExposeValidator.Report r = validate("{'tables':["
        + "{'name':'a','policy':'public_read_write_UNRESTRICTED'},"
        + "{'name':'b','policy':'public_read_authenticated_write','force_owner_on_insert':true},"
        + "{'name':'c','policy':'user_owns_rows'},"
        + "{'name':'d','policy':'custom','custom_sql':'GRANT ALL ON d TO PUBLIC'},"
        + "{'name':'d','policy':'custom','custom_sql':'CREATE POLICY x ON d USING (true)'}],"
        + "'views':[{'name':'v','base':'a','select':['id'],'filter':'true; DROP TABLE a'}],"
        + "'rpcs':[{'name':'f','grant_to':['admin']}]}", null);
    assertThat(types(r.errors())).containsExactlyInAnyOrder(Issue.UNRESTRICTED_ACK, Issue.FORCE_OWNER_NO_COLUMN,
        Issue.MISSING_COLUMN, Issue.SCHEMA_SHAPE, Issue.SCHEMA_SHAPE, Issue.SCHEMA_SHAPE, Issue.ROLE_UNKNOWN);
    assertThat(types(r.warnings())).containsExactly(Issue.INCONCLUSIVE);
  }

  @Test
  void schema_issues_need_the_live_schema() throws Exception {
    ExposeValidator.Report r = validate("{'tables':[{'name':'missing','policy':'custom','custom_sql':"
        + "'CREATE POLICY p ON missing USING (true)'},{'name':'feed','policy':'public_read_authenticated_write'},"
        + "{'name':'notes','policy':'user_owns_rows','owner_column':'nobody'}],"
        + "'views':[{'name':'notes','base':'nowhere','select':['x']},{'name':'v2','base':'notes','select':['nope']}],"
        + "'rpcs':[{'name':'f','grant_to':['anon']},{'name':'f','signature':'(uuid)','grant_to':['anon']},"
        + "{'name':'h','grant_to':['anon']}]}", LIVE);
    assertThat(types(r.errors())).contains(Issue.MISSING_TABLE, Issue.MISSING_COLUMN, Issue.MISSING_VIEW_BASE,
        Issue.AMBIGUOUS_RPC, Issue.MISSING_RPC);
    assertThat(r.errors().stream().filter(i -> i.type().equals(Issue.MISSING_TABLE)).count())
        .as("a view is not a table").isEqualTo(2);
    assertThat(r.errors()).anyMatch(i -> i.detail().contains("a table of that name already exists"));
  }

  @Test
  void public_writes_to_sensitive_columns_warn() throws Exception {
    ExposeValidator.Report r = validate("{'tables':[{'name':'accounts','policy':'public_read_write_UNRESTRICTED',"
        + "'i_understand_this_is_unrestricted':true}]}", LIVE);
    assertThat(r.errors()).isEmpty();
    assertThat(types(r.warnings())).containsExactly(Issue.SENSITIVE_PUBLIC_WRITE);
    assertThat(r.warnings().get(0).detail()).contains("password_hash");
  }
}
