package com.run402.local.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgJsonTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      2026-11-21 10:00:00.123456+00    | 2026-11-21T10:00:00.123Z
      2026-11-21 10:00:00+00           | 2026-11-21T10:00:00.000Z
      2026-11-21 10:00:00.999999+00    | 2026-11-21T10:00:00.999Z
      2026-11-21 10:00:00.5+00         | 2026-11-21T10:00:00.500Z
      2026-11-21 15:30:00+05:30        | 2026-11-21T10:00:00.000Z
      2026-11-21 02:00:00.25-08        | 2026-11-21T10:00:00.250Z
      2026-01-01 01:00:00+02           | 2025-12-31T23:00:00.000Z
      2026-11-21T10:00:00Z             | 2026-11-21T10:00:00.000Z
      infinity                         | infinity
      -infinity                        | -infinity
      """)
  void timestamptz_text_becomes_utc_iso_with_milliseconds(String pg, String iso) {
    assertThat(PgJson.timestamp(pg, true)).isEqualTo(iso);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      2026-11-21 10:00:00.123456   | 2026-11-21T10:00:00.123Z
      2026-11-21 10:00:00          | 2026-11-21T10:00:00.000Z
      1999-12-31 23:59:59.9999     | 1999-12-31T23:59:59.999Z
      infinity                     | infinity
      not a timestamp              | not a timestamp
      """)
  void timestamp_without_zone_is_read_as_utc(String pg, String iso) {
    assertThat(PgJson.timestamp(pg, false)).isEqualTo(iso);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      2026-01-02   | 2026-01-02T00:00:00.000Z
      2024-02-29   | 2024-02-29T00:00:00.000Z
      infinity     | infinity
      -infinity    | -infinity
      """)
  void date_becomes_utc_midnight_iso(String pg, String iso) {
    assertThat(PgJson.date(pg)).isEqualTo(iso);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      2026-11-21T10:00:00.123456789Z | 2026-11-21T10:00:00.123Z
      2026-11-21T10:00:00Z           | 2026-11-21T10:00:00.000Z
      1970-01-01T00:00:00Z           | 1970-01-01T00:00:00.000Z
      """)
  void iso_formats_an_instant_like_js_date_to_json(String instant, String iso) {
    assertThat(PgJson.iso(Instant.parse(instant))).isEqualTo(iso);
  }
}
