package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class McNemarAndWilsonTest {

  @Test
  void mcNemarMatchesHandComputedBinomialTails() {
    assertThat(McNemar.exactPValue(0, 0)).isEqualTo(1.0);
    assertThat(McNemar.exactPValue(1, 5)).isCloseTo(2 * 7.0 / 64, within(1e-15)); // (1+6)/2^6
    assertThat(McNemar.exactPValue(5, 1)).isCloseTo(2 * 7.0 / 64, within(1e-15));
    assertThat(McNemar.exactPValue(0, 5)).isCloseTo(2.0 / 32, within(1e-15));
    assertThat(McNemar.exactPValue(2, 10)).isCloseTo(2 * 79.0 / 4096, within(1e-15)); // 1+12+66
    assertThat(McNemar.exactPValue(0, 1)).isEqualTo(1.0);
    assertThat(McNemar.exactPValue(5, 5)).isEqualTo(1.0);
  }

  @Test
  void mcNemarStaysFiniteForLargeCounts() {
    double p = McNemar.exactPValue(1000, 1150);
    assertThat(p).isBetween(0.0, 1.0);
    assertThat(p).isLessThan(0.05);
  }

  @Test
  void mcNemarFromPairedOutcomes() {
    boolean[] first = {true, true, false, false, true, true};
    boolean[] second = {true, false, true, true, true, true}; // b = 1, c = 2
    assertThat(McNemar.exactPValue(first, second)).isEqualTo(McNemar.exactPValue(1, 2));
    assertThatThrownBy(() -> McNemar.exactPValue(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b=-1");
    assertThatThrownBy(() -> McNemar.exactPValue(first, new boolean[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 and 2");
  }

  @Test
  void wilsonMatchesHandComputedValues() {
    // Reference values from the closed form with z = 1.959963985 (computed independently).
    assertThat(BinomialCi.wilson(50, 100).low()).isCloseTo(0.4038315303659957, within(1e-9));
    assertThat(BinomialCi.wilson(50, 100).high()).isCloseTo(0.5961684696340044, within(1e-9));
    assertThat(BinomialCi.wilson(0, 10).low()).isCloseTo(0.0, within(1e-12));
    assertThat(BinomialCi.wilson(0, 10).high()).isCloseTo(0.27753279986288915, within(1e-9));
    assertThat(BinomialCi.wilson(1.0, 10).low()).isCloseTo(0.7224672001371109, within(1e-9));
    assertThat(BinomialCi.wilson(1.0, 10).high()).isCloseTo(1.0, within(1e-12));
    assertThat(BinomialCi.wilson(0.8, 50).low()).isCloseTo(0.6696289406777459, within(1e-9));
    assertThat(BinomialCi.wilson(0.8, 50).high()).isCloseTo(0.887562499842239, within(1e-9));
    assertThat(BinomialCi.zQuantile(0.95)).isCloseTo(1.959963985, within(1e-9));
  }

  @Test
  void wilsonRejectsBadInput() {
    assertThatThrownBy(() -> BinomialCi.wilson(0.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n=0");
    assertThatThrownBy(() -> BinomialCi.wilson(1.2, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.2");
    assertThatThrownBy(() -> BinomialCi.wilson(11, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
