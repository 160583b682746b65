package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

class PoissonQuantileTest {
  private static final long SEED = TestSeed.get();

  @Test
  void agreesWithCommonsMathInverseCdf() {
    double[] means = {0.3, 1, 2.5, 8, 40, 250, 3_000, 100_000};
    int perMean = 2_000;
    SplittableRandom random = new SplittableRandom(SEED);
    int checked = 0;
    int excused = 0;
    for (double mean : means) {
      PoissonQuantile ours = new PoissonQuantile(mean);
      PoissonDistribution reference = new PoissonDistribution(mean, 1e-15, 10_000_000);
      for (int i = 0; i < perMean; i++) {
        double u = random.nextDouble();
        int k = ours.of(u);
        int expected = reference.inverseCumulativeProbability(u);
        checked++;
        if (k != expected) {
          // only a uniform within rounding of the CDF at the boundary may land on either side
          double gap = Math.abs(reference.cumulativeProbability(Math.min(k, expected)) - u);
          System.out.printf(
              "mean %s, u %s: ours %d, Commons Math %d, |F(%d) - u| = %.3g%n",
              mean, u, k, expected, Math.min(k, expected), gap);
          assertThat(Math.abs(k - expected)).as("seed %d, mean %s, u %s", SEED, mean, u).isOne();
          assertThat(gap).as("seed %d, mean %s, u %s", SEED, mean, u).isLessThan(1e-12);
          excused++;
        }
      }
    }
    assertThat(checked).isEqualTo(means.length * perMean);
    assertThat(excused).as("seed %d", SEED).isLessThanOrEqualTo(2);
  }

  @Test
  void drawsHaveThePoissonMomentsAndProbabilities() {
    int draws = 200_000;
    for (double mean : new double[] {1, 37}) {
      PoissonQuantile q = new PoissonQuantile(mean);
      SplittableRandom random = new SplittableRandom(SEED);
      double sum = 0;
      double sumSq = 0;
      int zeros = 0;
      int ones = 0;
      for (int i = 0; i < draws; i++) {
        int k = q.of(random.nextDouble());
        sum += k;
        sumSq += (double) k * k;
        zeros += k == 0 ? 1 : 0;
        ones += k == 1 ? 1 : 0;
      }
      double m = sum / draws;
      double var = sumSq / draws - m * m;
      // sd of the mean = √(mean / draws); of the variance ≈ mean·√(2 / draws): 5 sd bands
      assertThat(m)
          .as("seed %d, mean %s", SEED, mean)
          .isCloseTo(mean, within(5 * Math.sqrt(mean / draws)));
      assertThat(var)
          .as("seed %d, mean %s", SEED, mean)
          .isCloseTo(mean, within(5 * mean * Math.sqrt(2.0 / draws) + 0.01));
      if (mean == 1) {
        assertThat(zeros / (double) draws).isCloseTo(Math.exp(-1), within(0.0055));
        assertThat(ones / (double) draws).isCloseTo(Math.exp(-1), within(0.0055));
      }
    }
  }

  @Test
  void extremeUniformsEndAndStayOrdered() {
    double almostOne = 1.0 - 0x1.0p-53;
    for (double mean : new double[] {1e-9, 0.5, 1, 20, 1e4, 1e7}) {
      PoissonQuantile q = new PoissonQuantile(mean);
      assertThat(q.of(0.0)).as("mean %s", mean).isGreaterThanOrEqualTo(0);
      int top = q.of(almostOne);
      assertThat(top).as("mean %s", mean).isGreaterThanOrEqualTo((int) mean);
      assertThat(top).as("mean %s", mean).isLessThan((int) (mean + 12 * Math.sqrt(mean) + 40));
      int previous = -1;
      for (double u = 0.0; u < 1.0; u += 0.01) {
        int k = q.of(u);
        assertThat(k).as("mean %s, u %s", mean, u).isGreaterThanOrEqualTo(previous);
        previous = k;
      }
    }
    assertThat(new PoissonQuantile(1).of(0.0)).isZero();
    assertThat(new PoissonQuantile(1).of(Math.exp(-1) - 1e-12)).isZero();
    assertThat(new PoissonQuantile(1).of(Math.exp(-1) + 1e-12)).isOne();
  }

  @Test
  void rejectsMeansOutsideItsRange() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 3e9}) {
      assertThatThrownBy(() -> new PoissonQuantile(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Poisson mean must be in (0, 2^31), got " + bad);
    }
  }
}
