package org.polyreason.udfs.stats;

import org.apache.commons.math3.special.Erf;

/**
 * Wilson score interval for a binomial proportion; used when only a published accuracy p̂ and the
 * number of problems n exist (no per-problem data to bootstrap).
 *
 * <p>With z = Φ⁻¹(1 − α/2): centre = (p̂ + z²/(2n)) / (1 + z²/n), half-width = z/(1 + z²/n) ·
 * √(p̂(1 − p̂)/n + z²/(4n²)); the interval is [centre − half, centre + half], clamped to [0, 1]
 * against rounding only.
 */
public final class BinomialCi {

  /** Default confidence level. */
  public static final double DEFAULT_LEVEL = 0.95;

  private BinomialCi() {}

  /** 95 % Wilson interval from a count of successes. */
  public static Interval wilson(int successes, int n) {
    if (successes < 0 || successes > n) {
      throw new IllegalArgumentException(
          "Wilson interval needs 0 <= successes <= n, got successes=" + successes + ", n=" + n);
    }
    return wilson(n == 0 ? 0.0 : (double) successes / n, n, DEFAULT_LEVEL);
  }

  /** 95 % Wilson interval from an accuracy in [0, 1] over n trials. */
  public static Interval wilson(double accuracy, int n) {
    return wilson(accuracy, n, DEFAULT_LEVEL);
  }

  /** Wilson interval at the given confidence level (strictly between 0 and 1). */
  public static Interval wilson(double accuracy, int n, double level) {
    if (n <= 0) {
      throw new IllegalArgumentException("Wilson interval needs n >= 1 trials, got n=" + n);
    }
    if (!(accuracy >= 0.0 && accuracy <= 1.0)) {
      throw new IllegalArgumentException(
          "Wilson interval needs an accuracy in [0, 1], got " + accuracy);
    }
    if (!(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException("Confidence level must be in (0, 1), got " + level);
    }
    double z = zQuantile(level);
    double z2 = z * z;
    double denominator = 1.0 + z2 / n;
    double centre = (accuracy + z2 / (2.0 * n)) / denominator;
    double half = z / denominator * Math.sqrt(accuracy * (1.0 - accuracy) / n + z2 / (4.0 * n * n));
    return new Interval(Math.max(0.0, centre - half), Math.min(1.0, centre + half));
  }

  /** Φ⁻¹(1 − α/2) for level = 1 − α, i.e. √2·erf⁻¹(level). */
  static double zQuantile(double level) {
    return Math.sqrt(2.0) * Erf.erfInv(level);
  }
}
