package com.run402.local.runtime.expose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyInferenceTest {
  static PolicyInference.Pol pol(String name, String using) {
    return new PolicyInference.Pol(name, "r", true, using, null, List.of("public"));
  }

  @Test
  void recognises_our_and_the_legacy_templates() {
    assertThat(PolicyInference.table("t", true, false,
        List.of(pol("Users can view own rows", "((user_id)::text = (auth.uid())::text)")), null).ownerColumn())
        .isEqualTo("user_id");
    assertThat(PolicyInference.table("t", true, false,
        List.of(pol("run402_user_owns_rows_select", "((\"Owner Id\")::text = (auth.uid())::text)")), null)
        .ownerColumn()).isEqualTo("Owner Id");
    assertThat(PolicyInference.table("t", true, true, List.of(pol("Anyone can read", "true"),
        pol("Anyone can insert", null)), null).policy()).isEqualTo("public_read_write_UNRESTRICTED");
    assertThat(PolicyInference.table("t", false, false, List.of(), null).policy())
        .isEqualTo("public_read_authenticated_write");
  }

  @Test
  void anything_else_is_custom_sql_that_passes_the_custom_check() {
    ExposeManifest.TableItem t = PolicyInference.table("t", true, false, List.of(pol("mine", "(id > 0)")), null);
    assertThat(t.policy()).isEqualTo("custom");
    assertThat(CustomSql.check("t", t.customSql()).problem()).isEmpty();
  }
}
