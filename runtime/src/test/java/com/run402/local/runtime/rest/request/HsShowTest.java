package com.run402.local.runtime.rest.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HsShowTest {

  @Test
  void showsStringsLikeGhc() {
    assertThat(HsShow.string("x")).isEqualTo("\"x\"");
    assertThat(HsShow.string("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(HsShow.string("'")).isEqualTo("\"'\"");
    assertThat(HsShow.string("\\")).isEqualTo("\"\\\\\"");
    assertThat(HsShow.string("\u00e9")).isEqualTo("\"\\233\"");
    assertThat(HsShow.string("\u00e91")).isEqualTo("\"\\233\\&1\"");
    assertThat(HsShow.string("\n\t")).isEqualTo("\"\\n\\t\"");
    assertThat(HsShow.string("\u000eH")).isEqualTo("\"\\SO\\&H\"");
    assertThat(HsShow.string("\u0001")).isEqualTo("\"\\SOH\"");
    assertThat(HsShow.string(new String(Character.toChars(0x1F600)))).isEqualTo("\"\\128512\"");
  }

  @Test
  void showsCharsLikeGhc() {
    assertThat(HsShow.ch('c')).isEqualTo("'c'");
    assertThat(HsShow.ch('\'')).isEqualTo("'\\''");
    assertThat(HsShow.ch('"')).isEqualTo("'\"'");
    assertThat(HsShow.ch(127)).isEqualTo("'\\DEL'");
    assertThat(HsShow.ch(0xe9)).isEqualTo("'\\233'");
  }
}
