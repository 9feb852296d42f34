package com.run402.local.runtime.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"8d, PT192H", "36h, PT36H", "90m, PT1H30M", "30s, PT30S", "1d12h, PT36H", "0s, PT0S",
      "PT2H, PT2H", "' 8D ', PT192H"})
  void parses_short_and_iso_durations(String text, String iso) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "-1d", "8", "d", "8x", "1.5h", "soon", "P-1D", "PTXH", "8d 2h"})
  void refuses_bad_or_negative_durations(String text) {
    assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("Exception");
  }
}
