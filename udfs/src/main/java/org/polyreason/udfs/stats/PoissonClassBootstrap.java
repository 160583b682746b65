package org.polyreason.udfs.stats;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Poisson(1) percentile bootstrap of a mean over problems whose values fall in few classes (avg@k
 * of one problem takes one of k + 1 values), resampled by class rather than by problem.
 *
 * <p>In a Poisson(1) bootstrap, resample r gives problem i an independent weight w_ri ~ Poisson(1)
 * and its statistic is Σ w·x ÷ Σ w. The problems of one value class v (m_v of them) enter that
 * statistic only through the sum of their weights, which is Poisson(m_v), independent across
 * classes; so drawing W_rv ~ Poisson(m_v) once per class gives every resample's statistic exactly
 * the same distribution at a cost of (classes × R) draws instead of (problems × R). A class's draws
 * are the quantiles ({@link PoissonQuantile}) of the uniforms of {@code SplittableRandom(stream)},
 * the r-th uniform for resample r: the caller chooses the stream (e.g. a hash of seed and value),
 * and two means whose classes share streams are resampled with coupled draws.
 *
 * <p>Class c has value num_c ÷ den (integer num, one den for all classes); the statistic of a
 * resample is Σ W·num ÷ (den · Σ W), summed in longs, so the result does not depend on the order of
 * the classes. A resample with Σ W = 0 (probability e^−n) is dropped. The interval at level 1 − α
 * is the (α/2, 1 − α/2) percentile pair of the kept statistics ({@link Bootstrap#percentile});
 * {@link Interval#UNDEFINED} when every resample was dropped.
 */
public final class PoissonClassBootstrap implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int resamples;
  private final double level;

  public PoissonClassBootstrap(int resamples, double level) {
    Bootstrap.checkArguments(resamples, level);
    this.resamples = resamples;
    this.level = level;
  }

  /**
   * The interval of the mean of problems in classes c (aligned arrays): {@code nums[c] / den} is
   * the class's value, {@code counts[c] ≥ 1} its number of problems, {@code streams[c]} the seed of
   * its uniforms.
   */
  public Interval interval(long[] nums, long[] counts, long[] streams, long den) {
    if (nums.length != counts.length || nums.length != streams.length) {
      throw new IllegalArgumentException(
          "Class arrays must be aligned: "
              + nums.length
              + " values, "
              + counts.length
              + " counts, "
              + streams.length
              + " streams");
    }
    if (den <= 0) {
      throw new IllegalArgumentException("Class denominator must be positive, got " + den);
    }
    long[] weightedSum = new long[resamples];
    long[] weightSum = new long[resamples];
    for (int c = 0; c < nums.length; c++) {
      if (counts[c] < 1) {
        throw new IllegalArgumentException("Class " + c + " has count " + counts[c] + ", not >= 1");
      }
      PoissonQuantile quantile = new PoissonQuantile(counts[c]);
      SplittableRandom uniforms = new SplittableRandom(streams[c]);
      for (int r = 0; r < resamples; r++) {
        long w = quantile.of(uniforms.nextDouble());
        weightedSum[r] += w * nums[c];
        weightSum[r] += w;
      }
    }
    double[] kept = new double[resamples];
    int n = 0;
    for (int r = 0; r < resamples; r++) {
      if (weightSum[r] > 0) {
        kept[n++] = weightedSum[r] / ((double) den * weightSum[r]);
      }
    }
    double[] sorted = Arrays.copyOf(kept, n);
    Arrays.sort(sorted);
    return Bootstrap.percentileInterval(sorted, level);
  }
}
