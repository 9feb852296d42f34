package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Ast.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.run402.local.runtime.rest.request.Preferences.Count;
import com.run402.local.runtime.rest.request.Preferences.Handling;
import com.run402.local.runtime.rest.request.Preferences.Missing;
import com.run402.local.runtime.rest.request.Preferences.Resolution;
import com.run402.local.runtime.rest.request.Preferences.Return;
import com.run402.local.runtime.rest.request.Preferences.Tx;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreferAndRangeTest {

  static Stream<Arguments> prefers() {
    return Stream.of(
        arguments(List.of(), Preferences.NONE),
        arguments(List.of(""), Preferences.NONE),
        arguments(List.of("resolution=ignore-duplicates, count=exact, timezone=America/Los_Angeles, max-affected=100"),
            new Preferences(null, Count.EXACT, Resolution.IGNORE_DUPLICATES, null, null, null, 100L,
                "America/Los_Angeles", List.of())),
        arguments(List.of("resolution=ignore-duplicates", "count=exact", "missing=null", "handling=lenient",
                "invalid", "max-affected=5999"),
            new Preferences(null, Count.EXACT, Resolution.IGNORE_DUPLICATES, Missing.NULL, null,
                Handling.LENIENT, 5999L, null, List.of("invalid"))),
        arguments(List.of("count=exact,    tx=commit   ,return=representation , missing=default, handling=strict, anything"),
            new Preferences(Return.REPRESENTATION, Count.EXACT, null, Missing.DEFAULT, Tx.COMMIT,
                Handling.STRICT, null, null, List.of("anything"))),
        // the first occurrence wins, within and across headers
        arguments(List.of("tx=commit, tx=rollback"),
            new Preferences(null, null, null, null, Tx.COMMIT, null, null, null, List.of())),
        arguments(List.of("resolution=ignore-duplicates", "resolution=merge-duplicates"),
            new Preferences(null, null, Resolution.IGNORE_DUPLICATES, null, null, null, null, null, List.of())),
        // a known key with an unknown value is invalid; timezone is never invalid
        arguments(List.of("count=none, return=bogus, params=single-object, timezone=Invalid/Timezone"),
            new Preferences(null, null, null, null, null, null, null, "Invalid/Timezone",
                List.of("count=none", "return=bogus", "params=single-object"))),
        arguments(List.of("return=minimal,return=headers-only, count=planned,count=estimated"),
            new Preferences(Return.MINIMAL, Count.PLANNED, null, null, null, null, null, null, List.of())),
        // max-affected: not an integer -> absent but still not invalid
        arguments(List.of("handling=strict, max-affected=ten"),
            new Preferences(null, null, null, null, null, Handling.STRICT, null, null, List.of())),
        arguments(List.of("a,,b"),
            new Preferences(null, null, null, null, null, null, null, null, List.of("a", "", "b"))));
  }

  @ParameterizedTest
  @MethodSource("prefers")
  void parsesPrefer(List<String> headers, Preferences expected) {
    assertThat(PreferParser.parse(headers)).isEqualTo(expected);
  }

  @Test
  void strictHandlingRejectsInvalidPreferences() {
    assertError(() -> PreferParser.requireValid(PreferParser.parse(List.of("handling=strict, something, else"))),
        400, "PGRST122", "Invalid preferences given with handling=strict",
        "Invalid preferences: something, else");
    PreferParser.requireValid(PreferParser.parse(List.of("handling=lenient, anything")));
    PreferParser.requireValid(PreferParser.parse(List.of("anything")));
    PreferParser.requireValid(PreferParser.parse(List.of("handling=strict, timezone=Nowhere/Land")));
  }

  @Test
  void appliedTokensUseCanonicalOrder() {
    Preferences p = PreferParser.parse(List.of(
        "return=representation, handling=strict, count=exact, max-affected=3, tx=commit, missing=default, resolution=merge-duplicates, timezone=+05:30"));
    assertThat(PreferParser.appliedTokens(p)).containsExactly("resolution=merge-duplicates",
        "missing=default", "return=representation", "count=exact", "tx=commit", "handling=strict",
        "timezone=+05:30", "max-affected=3");
    assertThat(PreferParser.appliedHeader(p, t -> t.startsWith("return=") || t.startsWith("missing=")))
        .isEqualTo("missing=default, return=representation");
    assertThat(PreferParser.appliedHeader(p, t -> false)).isNull();
  }

  @Test
  void maxAffectedIsOnlyAppliedUnderStrictHandling() {
    assertThat(PreferParser.appliedTokens(PreferParser.parse(List.of("handling=lenient, max-affected=10"))))
        .containsExactly("handling=lenient");
    assertThat(PreferParser.formatApplied(List.of())).isNull();
  }

  static Stream<Arguments> ranges() {
    return Stream.of(
        arguments(null, RangeHeader.ALL),
        arguments("0-9", new RangeHeader(0, 10L)),
        arguments("5-", new RangeHeader(5, null)),
        arguments("1-1", new RangeHeader(1, 1L)),
        arguments("bytes=0-1", new RangeHeader(0, 2L)),
        arguments("items=100-199", new RangeHeader(100, 100L)),
        arguments("", RangeHeader.ALL),
        arguments("-5", RangeHeader.ALL),
        arguments("a-b", RangeHeader.ALL),
        arguments("1-2-3", RangeHeader.ALL),
        arguments(" 0-1", RangeHeader.ALL));
  }

  @ParameterizedTest
  @MethodSource("ranges")
  void parsesRange(String header, RangeHeader expected) {
    assertThat(RangeHeader.parse(header)).isEqualTo(expected);
  }

  @Test
  void lowerAboveUpperIs416() {
    for (String h : new String[] {"1-0", "bytes=1-0"}) {
      assertError(() -> RangeHeader.parse(h), 416, "PGRST103", "Requested range not satisfiable",
          "The lower boundary must be lower than or equal to the upper boundary in the Range header.");
    }
  }

  @Test
  void outOfBoundsError() {
    assertThat(RangeHeader.outOfBounds(100, 15).details())
        .isEqualTo("An offset of 100 was requested, but there are only 15 rows.");
    assertThat(RangeHeader.outOfBounds(100, 15).status()).isEqualTo(416);
  }
}
