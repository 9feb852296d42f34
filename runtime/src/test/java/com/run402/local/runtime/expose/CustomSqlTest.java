package com.run402.local.runtime.expose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomSqlTest {
  @Test
  void accepts_create_policy_statements_on_the_table_only() {
    CustomSql.Checked ok = CustomSql.check("Notes", "/* c */ CREATE POLICY \"a; b\" ON \"Notes\" FOR SELECT "
        + "USING (body <> ';');\n-- x\ncreate policy two on \"Notes\" using (true);");
    assertThat(ok.problem()).isEmpty();
    assertThat(ok.statements()).hasSize(2);
    assertThat(CustomSql.check("notes", "CREATE POLICY p ON NOTES USING (true)").problem()).isEmpty();
  }

  @Test
  void refuses_everything_else() {
    assertThat(CustomSql.check("notes", "").problem()).isPresent();
    assertThat(CustomSql.check("notes", "CREATE POLICY p ON notes USING (true); DROP TABLE notes").problem()).isPresent();
    assertThat(CustomSql.check("notes", "CREATE POLICY p ON other USING (true)").problem()).get().asString()
        .contains("'other'");
    assertThat(CustomSql.check("notes", "CREATE POLICY p ON p0002.notes USING (true)").problem()).isPresent();
    assertThat(CustomSql.check("notes", "ALTER POLICY p ON notes USING (true)").problem()).isPresent();
    assertThat(CustomSql.check("Notes", "CREATE POLICY p ON notes USING (true)").problem())
        .as("unquoted names fold to lower case").isPresent();
  }
}
