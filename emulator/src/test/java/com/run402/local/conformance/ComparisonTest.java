package com.run402.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Comparison cmp = new Comparison(json);

  private JsonNode j(String s) throws Exception {
    return json.readTree(s);
  }

  private CaseFile.Expected exp(int status, String body, String format) throws Exception {
    return new CaseFile.Expected(status, body == null ? null : j(body), format, Map.of(), null, null, null);
  }

  private static Comparison.Response res(int status, String body, String... headers) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      h.computeIfAbsent(headers[i], k -> new java.util.ArrayList<>()).add(headers[i + 1]);
    }
    return new Comparison.Response(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void json_ignores_key_order_and_whitespace_and_number_spelling() throws Exception {
    assertThat(cmp.firstDifference(exp(200, "[{\"a\":1,\"b\":[1.0,\"x\"]}]", "json"), "exact",
        res(200, "[ {\"b\": [1, \"x\"], \"a\": 1.00} ]"))).isEmpty();
  }

  @Test
  void exact_arrays_are_ordered_set_arrays_are_not() throws Exception {
    CaseFile.Expected e = exp(200, "[{\"id\":1},{\"id\":2}]", "json");
    assertThat(cmp.firstDifference(e, "exact", res(200, "[{\"id\":2},{\"id\":1}]")))
        .contains("$[0].id: expected 1, got 2");
    assertThat(cmp.firstDifference(e, "set", res(200, "[{\"id\":2},{\"id\":1}]"))).isEmpty();
    assertThat(cmp.firstDifference(exp(200, "[1,1,2]", "json"), "set", res(200, "[1,2,2]")))
        .hasValueSatisfying(d -> assertThat(d).contains("expected element 1 not found"));
  }

  @Test
  void names_missing_and_unexpected_keys() throws Exception {
    assertThat(cmp.firstDifference(exp(200, "{\"a\":1,\"b\":2}", "json"), "exact", res(200, "{\"a\":1}")))
        .contains("$.b: missing (expected 2)");
    assertThat(cmp.firstDifference(exp(200, "{\"a\":1}", "json"), "exact", res(200, "{\"a\":1,\"c\":null}")))
        .contains("$.c: unexpected key (got null)");
  }

  @Test
  void a_json_body_may_be_a_string_or_null() throws Exception {
    assertThat(cmp.firstDifference(exp(200, "\"Hello\"", "json"), "exact", res(200, "\"Hello\""))).isEmpty();
    assertThat(cmp.firstDifference(exp(200, "null", "json"), "exact", res(200, "null"))).isEmpty();
    assertThat(cmp.firstDifference(exp(200, "null", "json"), "exact", res(200, ""))).isPresent();
    assertThat(cmp.firstDifference(exp(200, "\"1\"", "json"), "exact", res(200, "1")))
        .contains("$: expected \"1\", got 1");
    assertThat(cmp.firstDifference(exp(200, "[]", "json"), "exact", res(200, "[] trailing"))).isPresent();
  }

  @Test
  void text_is_byte_exact_none_is_empty_ignore_is_anything() throws Exception {
    assertThat(cmp.firstDifference(exp(200, "\"a,b\\n1,2\"", "text"), "exact", res(200, "a,b\n1,2"))).isEmpty();
    assertThat(cmp.firstDifference(exp(200, "\"a,b\\n1,2\"", "text"), "exact", res(200, "a,b\n1,2\n")))
        .isPresent();
    assertThat(cmp.firstDifference(exp(204, null, "none"), "exact", res(204, ""))).isEmpty();
    assertThat(cmp.firstDifference(exp(204, null, "none"), "exact", res(204, "x"))).isPresent();
    assertThat(cmp.firstDifference(exp(200, "[1]", "json"), "ignore", res(200, "whatever"))).isEmpty();
    assertThat(cmp.firstDifference(exp(200, null, "ignore"), "exact", res(200, "whatever"))).isEmpty();
  }

  @Test
  void status_is_checked_first() throws Exception {
    assertThat(cmp.firstDifference(exp(200, "[]", "json"), "exact", res(404, "{\"code\":\"PGRST205\"}")))
        .contains("status: expected 200, got 404 (\"{\"code\":\"PGRST205\"}\")");
  }

  @Test
  void header_matchers() throws Exception {
    CaseFile.Expected e = new CaseFile.Expected(200, null, "ignore", Map.of("Content-Range", "0-0/*"),
        List.of("Location"), List.of(new CaseFile.NameValue("Vary", "Accept")),
        List.of(new CaseFile.NamePattern("Server-Timing", "parse;dur=[0-9]+.[0-9]+")));
    Comparison.Response ok = res(200, "", "content-range", "0-0/*", "Vary", "Accept, Prefer", "Server-Timing",
        "jwt;dur=0.1, parse;dur=12.5");
    assertThat(cmp.firstDifference(e, "exact", ok)).isEmpty();
    assertThat(cmp.firstDifference(e, "exact", res(200, "", "Content-Range", "0-1/*")))
        .contains("header Content-Range: expected \"0-0/*\", got \"0-1/*\"");
    Comparison.Response located = res(200, "", "content-range", "0-0/*", "Location", "", "Vary", "Accept",
        "Server-Timing", "parse;dur=1.0");
    assertThat(cmp.firstDifference(e, "exact", located)).contains("header Location: expected absent, got \"\"");
    Comparison.Response noTiming = res(200, "", "content-range", "0-0/*", "Vary", "Accept", "Server-Timing", "x");
    assertThat(cmp.firstDifference(e, "exact", noTiming)).hasValueSatisfying(d -> assertThat(d)
        .startsWith("header Server-Timing: expected to match"));
  }

  @Test
  void transforms_are_reversed_for_test_schema_fixtures() throws Exception {
    CaseFile.Expected e = new CaseFile.Expected(404, j("{\"message\":\"Could not find the table 'public.fake'\"}"),
        "json", Map.of("Content-Length", "117"), null, null, null);
    CaseFile.Case c = new CaseFile.Case("UpdateSpec:17", null, 17, "update", "d", null, null, e, "exact", List.of(
        "expected body: schema \"test.\" rewritten to \"public.\" (the DSQL fixtures load upstream's test schema "
            + "into public)", "expected Content-Length: 115 -> 117 (1 schema rename(s), 2 byte(s) each)"),
        false, null, null);
    CaseFile.Expected r = Transforms.reverse(c);
    assertThat(r.body().get("message").asText()).isEqualTo("Could not find the table 'test.fake'");
    assertThat(r.headers()).containsEntry("Content-Length", "115");
    assertThat(e.body().get("message").asText()).contains("public.fake"); // the corpus model is not mutated
  }

  @Test
  void request_paths_are_percent_encoded_only_where_needed() {
    assertThat(CaseRunner.encode("id=in.(1,2)&name=eq.a b&x=\"q\"&v=%20&bad=%zz&u=ü#"))
        .isEqualTo("id=in.(1,2)&name=eq.a%20b&x=%22q%22&v=%20&bad=%25zz&u=%C3%BC%23");
    assertThat(Optional.of(CaseRunner.encode("/تست"))).contains("/%D8%AA%D8%B3%D8%AA");
  }
}
