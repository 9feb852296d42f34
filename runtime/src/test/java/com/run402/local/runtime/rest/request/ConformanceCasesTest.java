package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Ast.assertError;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PostgREST conformance case (shared/conformance/postgrest/cases) whose expected body is a
 * query-string parse error, verbatim. Filter errors are read from filterErrors (table requests).
 */
class ConformanceCasesTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("AndOrParamsSpec:217", "or=()", 400, "PGRST100",
            "\"failed to parse logic tree (())\" (line 1, column 4)",
            "unexpected \")\" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)"),
        arguments("InsertSpec:456", "columns=", 400, "PGRST100",
            "\"failed to parse columns parameter ()\" (line 1, column 1)",
            "unexpected end of input expecting field name (* or [a..z0..9_$])"),
        arguments("JsonOperatorSpec:58", "id=eq.10&select=data->(!@#$%^%26*_d->>!@#$%^%26*_e::integer",
            400, "PGRST100",
            "\"failed to parse select parameter (data->(!@#$%^&*_d->>!@#$%^&*_e::integer)\" (line 1, column 7)",
            "unexpected \"(\" expecting \"-\", digit or any non reserved character different from: .,>()"),
        arguments("JsonOperatorSpec:309", "select=data->>--34", 400, "PGRST100",
            "\"failed to parse select parameter (data->>--34)\" (line 1, column 9)",
            "unexpected \"-\" expecting digit"),
        arguments("QuerySpec:1174", "order=id.asc.nullslasttt", 400, "PGRST100",
            "\"failed to parse order (id.asc.nullslasttt)\" (line 1, column 17)",
            "unexpected 't' expecting \",\" or end of input"),
        arguments("QuerySpec:1270", "id=0", 400, "PGRST100",
            "\"failed to parse filter (0)\" (line 1, column 1)",
            "unexpected \"0\" expecting \"not\" or operator (eq, gt, ...)"),
        arguments("RangeSpec:267", "select=id&limit=-1", 416, "PGRST103",
            "Requested range not satisfiable", "Limit should be greater than or equal to zero."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPostgrest(String id, String query, int status, String code, String message,
      String details) {
    assertError(() -> {
      QueryParams p = QueryStringParser.parse(query);
      if (!p.filterErrors().isEmpty()) {
        throw p.filterErrors().values().iterator().next();
      }
    }, status, code, message, details);
  }
}
