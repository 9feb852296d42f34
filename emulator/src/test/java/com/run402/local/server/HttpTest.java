package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpTest {

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      127.0.0.1:4402          | 127.0.0.1
      127.0.0.1               | 127.0.0.1
      localhost               | localhost
      localhost:80            | localhost
      api.example.com:443     | api.example.com
      [::1]:4402              | [::1]
      [::1]                   | [::1]
      [2001:db8::1]:8080      | [2001:db8::1]
      ::1                     | ::1
      `  localhost:4402  `    | localhost
      """)
  void hostname_drops_the_port(String host, String expected) {
    assertThat(Http.hostname(host)).isEqualTo(expected);
  }

  @Test
  void hostname_of_null_is_null() {
    assertThat(Http.hostname(null)).isNull();
  }
}
