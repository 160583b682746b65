package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polyreason.udfs.stats.Transferability.Mode;

class TransferabilityBootstrapTest {

  /** 0/1 vector of length n with the given index ranges [from, to) set to 1. */
  private static double[] ones(int n, int... ranges) {
    double[] v = new double[n];
    for (int r = 0; r < ranges.length; r += 2) {
      for (int i = ranges[r]; i < ranges[r + 1]; i++) {
        v[i] = 1.0;
      }
    }
    return v;
  }

  @Test
  void clearInLanguageGainGivesMtiWithCi() {
    int n = 200;
    var model = Map.of("en", ones(n, 0, 160), "de", ones(n, 0, 110));
    var base = Map.of("en", ones(n, 0, 100), "de", ones(n, 0, 80));
    // Δ_en = 0.30, Δ_de = 0.15 → MTI = 0.5
    var r =
        TransferabilityBootstrap.compute(
            model,
            base,
            Set.of("en"),
            Set.of("en", "de"),
            Mode.ABSOLUTE,
            0.02,
            Bootstrap.withSeed(11));
    assertThat(r.point().mti()).isCloseTo(0.5, within(1e-12));
    assertThat(r.trainGainCi().contains(0.0)).isFalse();
    assertThat(r.trainGainCi().contains(0.3)).isTrue();
    assertThat(r.mtiCi().contains(0.5)).isTrue();
    var again =
        TransferabilityBootstrap.compute(
            model,
            base,
            Set.of("en"),
            Set.of("en", "de"),
            Mode.ABSOLUTE,
            0.02,
            Bootstrap.withSeed(11));
    assertThat(again).isEqualTo(r);
  }

  @Test
  void inLanguageGainWhoseCiContainsZeroNullsMti() {
    int n = 200;
    // Base en correct on 0..99; the model loses 10 of those and gains 12 others: Δ_en = 0.01,
    // noisy.
    var model = Map.of("en", ones(n, 10, 112), "de", ones(n, 0, 120));
    var base = Map.of("en", ones(n, 0, 100), "de", ones(n, 0, 80));
    var r =
        TransferabilityBootstrap.compute(
            model,
            base,
            Set.of("en"),
            Set.of("en", "de"),
            Mode.ABSOLUTE,
            0.0,
            Bootstrap.withSeed(3));
    assertThat(r.trainGainCi().contains(0.0)).isTrue();
    assertThat(r.point().mti()).isNull();
    assertThat(r.point().nullReason())
        .startsWith("CI of in-language gain [")
        .endsWith("] contains 0");
    assertThat(r.point().transferRatio()).isNull();
    assertThat(r.mtiCi()).isNull();
    assertThat(r.point().gapChange()).isCloseTo(0.01 - 0.20, within(1e-12));
  }

  @Test
  void misalignedVectorsFail() {
    assertThatThrownBy(
            () ->
                TransferabilityBootstrap.compute(
                    Map.of("en", new double[3]),
                    Map.of("en", new double[4]),
                    Set.of("en"),
                    Set.of("en"),
                    Mode.ABSOLUTE,
                    0.02,
                    Bootstrap.withSeed(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aligned");
  }
}
