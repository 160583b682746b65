package org.polyreason.udfs.stats;

import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * Exact (binomial) McNemar test for two paired binary outcomes, e.g. the per-problem correctness of
 * two models, or of one model in two languages, on the same problems.
 *
 * <p>With discordant counts b (first correct, second wrong) and c (first wrong, second correct),
 * and n = b + c, X ~ Binomial(n, 0.5): p = min(1, 2·P[X ≤ min(b, c)]); p = 1 when b = c = 0.
 */
public final class McNemar {

  private McNemar() {}

  /** Two-sided exact p-value from the discordant counts; both must be non-negative. */
  public static double exactPValue(int b, int c) {
    if (b < 0 || c < 0) {
      throw new IllegalArgumentException(
          "McNemar discordant counts must be >= 0, got b=" + b + ", c=" + c);
    }
    int n = b + c;
    if (n == 0) {
      return 1.0;
    }
    int k = Math.min(b, c);
    // Sum in log space: C(n, i)·0.5^n underflows a plain product for n in the thousands.
    double logHalfPowN = -n * Math.log(2.0);
    double tail = 0.0;
    for (int i = 0; i <= k; i++) {
      tail += Math.exp(CombinatoricsUtils.binomialCoefficientLog(n, i) + logHalfPowN);
    }
    return Math.min(1.0, 2.0 * tail);
  }

  /**
   * Two-sided exact p-value from aligned per-problem outcomes: b counts problems where {@code
   * first} is correct and {@code second} is not, c the reverse.
   */
  public static double exactPValue(boolean[] first, boolean[] second) {
    if (first == null || second == null || first.length != second.length) {
      throw new IllegalArgumentException(
          "McNemar needs two non-null outcome vectors of equal length, got "
              + (first == null ? "null" : first.length)
              + " and "
              + (second == null ? "null" : second.length));
    }
    int b = 0;
    int c = 0;
    for (int i = 0; i < first.length; i++) {
      if (first[i] && !second[i]) {
        b++;
      } else if (!first[i] && second[i]) {
        c++;
      }
    }
    return exactPValue(b, c);
  }
}
