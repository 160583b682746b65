package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.polyreason.udfs.stats.ScalingLawFit.Fit;
import org.polyreason.udfs.stats.ScalingLawFit.Form;

class ScalingLawFitTest {

  private static final double[] N = {2, 3, 4, 5, 6, 7, 8};

  private static double[] power(double a, double b, double[] n) {
    double[] y = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      y[i] = a * Math.pow(n[i], b);
    }
    return y;
  }

  @Test
  void recoversPowerLawFromExactData() {
    var fit = ScalingLawFit.fit("exact", N, power(0.3, 0.25, N));
    assertThat(fit.form()).isEqualTo(Form.POWER);
    assertThat(fit.a()).isCloseTo(0.3, within(1e-6));
    assertThat(fit.b()).isCloseTo(0.25, within(1e-6));
    assertThat(fit.c()).isNull();
    assertThat(fit.r2()).isCloseTo(1.0, within(1e-9));
    assertThat(fit.rmse()).isLessThan(1e-9);
    assertThat(fit.looError()).isLessThan(1e-6);
    assertThat(fit.seA()).isLessThan(1e-6);
    assertThat(fit.points()).isEqualTo(7);
    assertThat(fit.predict(10)).isCloseTo(0.3 * Math.pow(10, 0.25), within(1e-6));
  }

  @Test
  void recoversPowerLawFromNoisyData() {
    // y = 0.3·N^0.4·(1 + ε), ε ~ N(0, 0.01²), N = 2..12. For 11 points the OLS standard error of b
    // is
    // ≈ 0.01/√Σ(ln N − mean)² ≈ 0.006 and of ln a ≈ 0.01; tolerances 0.03 on b and 5 % on a are ≈ 5
    // SE.
    double[] n = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    long seed = TestSeed.get();
    var random = new Random(seed);
    for (int t = 0; t < 20; t++) {
      double[] y = power(0.3, 0.4, n);
      for (int i = 0; i < y.length; i++) {
        y[i] *= 1 + 0.01 * random.nextGaussian();
      }
      var fit = ScalingLawFit.fit("noisy", n, y);
      assertThat(fit.b()).as("seed %d trial %d", seed, t).isCloseTo(0.4, within(0.03));
      assertThat(fit.a()).as("seed %d trial %d", seed, t).isCloseTo(0.3, within(0.015));
      assertThat(fit.seB()).as("seed %d trial %d", seed, t).isBetween(1e-4, 0.03);
      assertThat(fit.looError()).as("seed %d trial %d", seed, t).isLessThan(0.05);
    }
  }

  @Test
  void fitsSaturatingLawOnExactData() {
    double[] n = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] y = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      y[i] = 0.8 - 0.5 * Math.pow(n[i], -0.7);
    }
    var fit = ScalingLawFit.fit("sat", n, y, Form.SATURATING, 1);
    assertThat(fit.a()).isCloseTo(0.5, within(1e-6));
    assertThat(fit.b()).isCloseTo(0.7, within(1e-6));
    assertThat(fit.c()).isCloseTo(0.8, within(1e-6));
    assertThat(fit.seC()).isNotNull();
    assertThat(fit.predict(20)).isCloseTo(0.8 - 0.5 * Math.pow(20, -0.7), within(1e-6));
  }

  @Test
  void threePointsHaveLeaveOneOutOnlyForTwoParameterForms() {
    double[] n = {2, 3, 4};
    // an exact power law: each point is predicted exactly from the other two
    var power = ScalingLawFit.fit("three", n, power(0.3, 0.4, n));
    assertThat(power.looError()).isCloseTo(0.0, within(1e-6));
    assertThat(power.seB()).isNotNull();
    double[] y = {0.5, 0.6, 0.65};
    var sat = ScalingLawFit.fit("three", n, y, Form.SATURATING, 2);
    assertThat(sat.seA()).isNull();
    assertThat(sat.seC()).isNull();
    assertThat(sat.looError()).as("2 points cannot fit 3 parameters").isNull();
    // log: leaving out N = 3, the line through (ln 2, 0.5) and (ln 4, 0.65) predicts 0.5 + 0.15/2
    var log = ScalingLawFit.fit("three", n, y, Form.LOG, 2);
    double mid = 0.5 + 0.15 * Math.log(1.5) / Math.log(2);
    double[] err = new double[3];
    err[1] = 0.6 - mid;
    double slope23 = (0.6 - 0.5) / Math.log(1.5);
    err[2] = 0.65 - (0.5 + slope23 * Math.log(2));
    double slope34 = (0.65 - 0.6) / Math.log(4.0 / 3.0);
    err[0] = 0.5 - (0.6 + slope34 * Math.log(2.0 / 3.0));
    double rmse = Math.sqrt((err[0] * err[0] + err[1] * err[1] + err[2] * err[2]) / 3);
    assertThat(log.looError()).isCloseTo(rmse, within(1e-9));
    assertThat(log.predict(Math.E)).isCloseTo(log.a() + log.b(), within(1e-12));
  }

  @Test
  void rejectsTooFewPointsAndNonPositiveValues() {
    assertThatThrownBy(
            () -> ScalingLawFit.fit("tiny", new double[] {1, 2, 3}, new double[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Series tiny")
        .hasMessageContaining("has 2 points")
        .hasMessageContaining("[2.0, 3.0]");
    assertThatThrownBy(
            () -> ScalingLawFit.fit("neg", N, new double[] {0.1, 0.2, 0, 0.3, 0.4, 0.5, 0.6}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Series neg")
        .hasMessageContaining("y=0.0");
    assertThatThrownBy(() -> ScalingLawFit.fit("short", N, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aligned");
  }

  @Test
  void aSaturatingFormThatDoesNotConvergeSaysSoInWords() {
    // the held-out means of the feasibility-recipe run (README, "How the miniature got here"),
    // N = 1..5, flat within noise: c − a·N^(−b) fits the four parallel points but not the three
    // left when N = 2 is left out, so the leave-one-out error is unknown (null), and a fit on those
    // three alone fails with the reason in words (Commons Math's own: "maximal count exceeded")
    double[] n = {1, 2, 3, 4, 5};
    double[] y = {0.002, 0.007, 0.003, 0.006, 0.006};
    Fit all = ScalingLawFit.fit("flat", n, y, Form.SATURATING, 2);
    assertThat(all.points()).isEqualTo(4);
    assertThat(all.looError()).isNull();
    assertThat(ScalingLawFit.fit("flat", n, y, Form.LOG, 2).looError()).isNotNull();
    assertThatThrownBy(
            () ->
                ScalingLawFit.fit(
                    "flat",
                    new double[] {3, 4, 5},
                    new double[] {0.003, 0.006, 0.006},
                    Form.SATURATING,
                    2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Levenberg–Marquardt did not converge within 10,000 evaluations on 3 points: they do"
                + " not determine the saturating form's parameters");
  }

  @Test
  void aBootstrapRefitThatDoesNotConvergeIsDroppedNotThrown() {
    // every resample gives the three flat points whose saturating fit does not converge (above)
    double[] n = {3, 4, 5};
    var ci =
        ScalingLawFit.bootstrapCi(
            "flat",
            n,
            10,
            idx -> new double[] {0.003, 0.006, 0.006},
            Form.SATURATING,
            2,
            new Bootstrap(5, 5, 0.95));
    assertThat(ci.dropped()).isEqualTo(5);
    assertThat(ci.valid()).isZero();
  }

  @Test
  void bootstrapCiRefitsOnResampledProblems() {
    // 400 problems; point N's per-problem correctness is Bernoulli(0.3·N^0.4), seeded.
    double[] n = {2, 3, 4, 5, 6};
    int problems = 400;
    double[][] correct = new double[n.length][problems];
    var random = new Random(17);
    for (int j = 0; j < n.length; j++) {
      double p = 0.3 * Math.pow(n[j], 0.4);
      for (int i = 0; i < problems; i++) {
        correct[j][i] = random.nextDouble() < p ? 1 : 0;
      }
    }
    java.util.function.Function<int[], double[]> yFor =
        idx -> {
          double[] y = new double[n.length];
          for (int j = 0; j < n.length; j++) {
            for (int i : idx) {
              y[j] += correct[j][i];
            }
            y[j] /= idx.length;
          }
          return y;
        };
    var bootstrap = new Bootstrap(23, 200, 0.95);
    var ci = ScalingLawFit.bootstrapCi("boot", n, problems, yFor, Form.POWER, 2, bootstrap);
    var fit =
        ScalingLawFit.fit(
            "boot", n, yFor.apply(java.util.stream.IntStream.range(0, problems).toArray()));
    assertThat(ci.a().contains(fit.a())).isTrue();
    assertThat(ci.b().contains(fit.b())).isTrue();
    assertThat(ci.b().contains(0.4)).isTrue();
    assertThat(ci.c()).isNull();
    assertThat(ci.valid() + ci.dropped()).isEqualTo(200);
    assertThat(ScalingLawFit.bootstrapCi("boot", n, problems, yFor, Form.POWER, 2, bootstrap))
        .isEqualTo(ci);
  }
}
