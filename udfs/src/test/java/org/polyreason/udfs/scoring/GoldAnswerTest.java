package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoldAnswerTest {

  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @CsvSource(
      delimiter = '|',
      value = {
        "2,125|2125|integer",
        "8.0|8|integer",
        "025|25|integer",
        "0.50|0.5|decimal",
        "3/4|3/4|fraction",
        "$\\frac{1}{2}$|\\frac{1}{2}|latex",
        "(B)|B|choice",
        "c|C|choice",
        "-0|0|integer"
      })
  void normalizes(String raw, String text, String kind) {
    assertThat(GoldAnswer.normalize(raw)).isEqualTo(new GoldAnswer.Normalized(text, kind));
  }
}
