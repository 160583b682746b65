package org.polyreason.udfs.stats;

import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.util.FastMath;

/**
 * The quantile function (inverse CDF) of Poisson(mean) for one mean and many uniforms: {@link
 * #of(double)} returns the smallest k with u &lt; P(X ≤ k).
 *
 * <p>The CDF and probability at the anchor k₀ = ⌊mean⌋ are computed once (regularised incomplete
 * gamma and log-gamma of Commons Math, pure Java, so every JVM gives the same bits); each quantile
 * then walks from k₀ by the recurrence p(k+1) = p(k)·mean/(k+1), about √mean steps on average.
 */
public final class PoissonQuantile {
  private final double mean;
  private final int anchor;
  private final double cdfAtAnchor;
  private final double pmfAtAnchor;

  /**
   * @param mean a positive finite mean below 2^31
   */
  public PoissonQuantile(double mean) {
    if (!(mean > 0.0 && mean < Integer.MAX_VALUE)) {
      throw new IllegalArgumentException("Poisson mean must be in (0, 2^31), got " + mean);
    }
    this.mean = mean;
    this.anchor = (int) Math.floor(mean);
    this.cdfAtAnchor = Gamma.regularizedGammaQ(anchor + 1.0, mean);
    this.pmfAtAnchor =
        FastMath.exp(anchor * FastMath.log(mean) - mean - Gamma.logGamma(anchor + 1.0));
  }

  /** The smallest k with u &lt; P(X ≤ k), for u in [0, 1). */
  public int of(double u) {
    int k = anchor;
    double cdf = cdfAtAnchor;
    double pmf = pmfAtAnchor;
    if (u < cdf) {
      // walk down while u is also below P(X ≤ k − 1) = P(X ≤ k) − p(k)
      while (k > 0 && u < cdf - pmf) {
        cdf -= pmf;
        pmf *= k / mean;
        k--;
      }
      return k;
    }
    while (u >= cdf) {
      k++;
      pmf *= mean / k;
      double next = cdf + pmf;
      if (next == cdf) {
        // the tail's mass is below the CDF's last bit: u is within rounding of 1
        return k;
      }
      cdf = next;
    }
    return k;
  }
}
