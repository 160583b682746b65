package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polyreason.udfs.stats.ScalingLawFit.Form;

class ParallelLawTest {

  @Test
  void firstParallelLeapAndRatioToMeanLaterStep() {
    var leap = ParallelLaw.firstParallelLeap(Map.of(1, 0.30, 2, 0.40, 3, 0.43, 4, 0.45));
    assertThat(leap.leap()).isCloseTo(0.10, within(1e-12));
    assertThat(leap.meanLaterStep()).isCloseTo(0.025, within(1e-12)); // (0.03 + 0.02) / 2
    assertThat(leap.ratio()).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void ratioIsNullWithoutALaterStepOrWithAZeroMeanStep() {
    var noLater = ParallelLaw.firstParallelLeap(Map.of(1, 0.30, 2, 0.40));
    assertThat(noLater.leap()).isCloseTo(0.10, within(1e-12));
    assertThat(noLater.meanLaterStep()).isNull();
    assertThat(noLater.ratio()).isNull();
    var flat = ParallelLaw.firstParallelLeap(Map.of(1, 0.30, 2, 0.40, 3, 0.40));
    assertThat(flat.meanLaterStep()).isEqualTo(0.0);
    assertThat(flat.ratio()).isNull();
    var noEnglish = ParallelLaw.firstParallelLeap(Map.of(2, 0.40, 3, 0.45));
    assertThat(noEnglish.leap()).isNull();
    assertThat(noEnglish.meanLaterStep()).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void monolingualGapIsLawAtOneMinusMeasuredEnglishOnly() {
    // y = 0.4·N^0.3 exactly for N ≥ 2; the English-only model measures 0.30, so f(1) − y(1) = 0.10.
    Map<Integer, Double> y = new HashMap<>();
    y.put(1, 0.30);
    for (int n = 2; n <= 6; n++) {
      y.put(n, 0.4 * Math.pow(n, 0.3));
    }
    var summary = ParallelLaw.analyze("hand", y, Form.POWER, 2);
    assertThat(summary.fit().a()).isCloseTo(0.4, within(1e-6));
    assertThat(summary.monolingualGap()).isCloseTo(0.10, within(1e-6));
    assertThat(ParallelLaw.monolingualGap(summary.fit(), 0.25)).isCloseTo(0.15, within(1e-6));
    assertThat(summary.leap().leap()).isCloseTo(0.4 * Math.pow(2, 0.3) - 0.30, within(1e-12));
  }
}
