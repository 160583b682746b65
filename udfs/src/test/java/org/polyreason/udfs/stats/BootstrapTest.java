package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static double[] randomValues(long seed, int n) {
    var random = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble();
    }
    return v;
  }

  @Test
  void sameSeedGivesIdenticalIntervalAndDifferentSeedAnother() {
    double[] v = randomValues(7, 50);
    var first = Bootstrap.withSeed(42).mean(v);
    assertThat(Bootstrap.withSeed(42).mean(v)).isEqualTo(first);
    assertThat(Bootstrap.withSeed(43).mean(v).ci()).isNotEqualTo(first.ci());
    assertThat(first.estimate()).isCloseTo(SampleMetrics.mean(v), within(1e-15));
    assertThat(first.ci().contains(first.estimate())).isTrue();
    assertThat(first.valid()).isEqualTo(1000);
  }

  @Test
  void percentileInterpolatesBetweenOrderStatistics() {
    double[] sorted = {1, 2, 3, 4};
    assertThat(Bootstrap.percentile(sorted, 0.0)).isEqualTo(1.0);
    assertThat(Bootstrap.percentile(sorted, 0.25)).isEqualTo(1.75);
    assertThat(Bootstrap.percentile(sorted, 0.5)).isEqualTo(2.5);
    assertThat(Bootstrap.percentile(sorted, 1.0)).isEqualTo(4.0);
  }

  @Test
  void constantValuesGiveDegenerateInterval() {
    var r = Bootstrap.withSeed(1).mean(new double[] {0.25, 0.25, 0.25});
    assertThat(r.ci()).isEqualTo(new Interval(0.25, 0.25));
  }

  @Test
  void pairedResamplingUsesTheSameIndicesForAllVectors() {
    double[] a = randomValues(3, 40);
    double[] b = new double[a.length];
    double[] c = new double[a.length];
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i] - 0.1; // constant paired difference: every resample sees exactly 0.1
      c[i] = a[i] * 3;
      d[i] = c[i] - 0.05; // mean(a−b) / mean(c−d) = 2 exactly in every resample
    }
    var diff = Bootstrap.withSeed(5).paired(new double[][] {a, b}, Bootstrap::differenceOfMeans);
    assertThat(diff.ci().low()).isCloseTo(0.1, within(1e-12));
    assertThat(diff.ci().high()).isCloseTo(0.1, within(1e-12));
    var ratio =
        Bootstrap.withSeed(5)
            .paired(new double[][] {a, b, c, d}, Bootstrap::ratioOfMeanDifferences);
    assertThat(ratio.ci().low()).isCloseTo(2.0, within(1e-9));
    assertThat(ratio.ci().high()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void nonFiniteResamplesAreDroppedAndCounted() {
    var r = Bootstrap.withSeed(9).resample(10, idx -> idx[0] % 2 == 0 ? Double.NaN : 1.0);
    assertThat(r.dropped()).isPositive();
    assertThat(r.valid() + r.dropped()).isEqualTo(1000);
    assertThat(r.ci()).isEqualTo(new Interval(1.0, 1.0));
    var none = Bootstrap.withSeed(9).resample(10, idx -> Double.POSITIVE_INFINITY);
    assertThat(none.valid()).isZero();
    assertThat(none.ci().isDefined()).isFalse();
  }

  @Test
  void percentileIntervalCoversTheTrueMeanAboutNinetyFivePercentOfTheTime() {
    long seed = TestSeed.get();
    var random = new SplittableRandom(seed);
    int trials = 200;
    int covered = 0;
    for (int t = 0; t < trials; t++) {
      double[] v = new double[100];
      for (int i = 0; i < v.length; i++) {
        v[i] = random.nextDouble() < 0.6 ? 1.0 : 0.0;
      }
      covered += new Bootstrap(random.nextLong(), 500, 0.95).mean(v).ci().contains(0.6) ? 1 : 0;
    }
    // Binomial(200, ~0.94) has sd ≈ 1.7 %; [0.87, 0.99] is a > 4 sd band around the nominal 95 %.
    assertThat((double) covered / trials).as("seed %d", seed).isBetween(0.87, 0.99);
  }

  @Test
  void invalidInputsFail() {
    assertThatThrownBy(() -> Bootstrap.withSeed(1).mean(new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one problem");
    assertThatThrownBy(
            () ->
                Bootstrap.withSeed(1)
                    .paired(new double[][] {{1, 2}, {1}}, Bootstrap::differenceOfMeans))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vector 1 has 1");
    assertThatThrownBy(() -> new Bootstrap(1, 0, 0.95))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Bootstrap(1, 10, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
