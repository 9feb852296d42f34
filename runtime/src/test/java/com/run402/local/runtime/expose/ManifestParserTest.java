package com.run402.local.runtime.expose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  @Test
  void reads_a_full_manifest_and_writes_it_back_in_the_same_shape() throws Exception {
    JsonNode in = json("{'version':'1','tables':[{'name':'notes','expose':true,'policy':'user_owns_rows',"
        + "'owner_column':'owner','force_owner_on_insert':true}],"
        + "'views':[{'name':'v','base':'notes','select':['id','body'],'filter':'id > 0','expose':true}],"
        + "'rpcs':[{'name':'f','signature':'(uuid, text)','grant_to':['anon','authenticated']}]}");
    ManifestParser.Parsed p = ManifestParser.parse(in);
    assertThat(p.issues()).isEmpty();
    ExposeManifest m = p.manifest();
    assertThat(m.tables().get(0).policyEnum()).isEqualTo(Policy.USER_OWNS_ROWS);
    assertThat(m.tables().get(0).forceOwner()).isTrue();
    assertThat(m.views().get(0).select()).containsExactly("id", "body");
    assertThat(m.rpcs().get(0).grantTo()).containsExactly("anon", "authenticated");
    JsonNode out = JSON.valueToTree(m);
    assertThat(out).isEqualTo(in);
    assertThat(JSON.treeToValue(out, ExposeManifest.class)).isEqualTo(m);
  }

  @Test
  void defaults_expose_to_true_and_missing_lists_to_empty() throws Exception {
    ExposeManifest m = ManifestParser.parse(json("{'tables':[{'name':'t','policy':'custom','custom_sql':'x'}]}"))
        .manifest();
    assertThat(m.tables().get(0).expose()).isTrue();
    assertThat(m.views()).isEmpty();
    assertThat(m.rpcs()).isEmpty();
    assertThat(m.version()).isEqualTo("1");
  }

  @Test
  void wrong_types_become_schema_shape_errors_naming_the_path() throws Exception {
    ManifestParser.Parsed p = ManifestParser.parse(json("{'version':'2','tables':[{'name':5,'policy':'everyone',"
        + "'expose':'yes'}],'views':{},'rpcs':[{'name':'f','signature':'(int); drop table x','grant_to':'anon'}]}"));
    assertThat(p.manifest()).isNull();
    List<String> details = p.issues().stream().map(Issue::detail).toList();
    assertThat(p.issues()).allMatch(i -> i.type().equals(Issue.SCHEMA_SHAPE) && i.isError());
    assertThat(details).anyMatch(d -> d.startsWith("$.version"))
        .anyMatch(d -> d.startsWith("$.tables[0].name"))
        .anyMatch(d -> d.contains("unknown policy 'everyone'"))
        .anyMatch(d -> d.startsWith("$.tables[0].expose"))
        .anyMatch(d -> d.startsWith("$.views:"))
        .anyMatch(d -> d.startsWith("$.rpcs[0].signature"))
        .anyMatch(d -> d.startsWith("$.rpcs[0].grant_to"));
  }

  @Test
  void not_an_object_and_unknown_fields() throws Exception {
    assertThat(ManifestParser.parse(json("[1]")).manifest()).isNull();
    assertThat(ManifestParser.parse(null).manifest()).isNull();
    ManifestParser.Parsed p = ManifestParser.parse(json("{'tables':[],'extra':1}"));
    assertThat(p.manifest()).isNotNull();
    assertThat(p.issues()).singleElement().satisfies(i -> assertThat(i.severity()).isEqualTo("warning"));
  }

  @Test
  void names_longer_than_postgres_allows_are_refused() throws Exception {
    String longName = "x".repeat(64);
    assertThat(ManifestParser.parse(json("{'tables':[{'name':'" + longName + "','policy':'custom'}]}")).manifest())
        .isNull();
  }
}
