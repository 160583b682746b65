package org.polyreason.udfs.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Seeded percentile bootstrap over problems.
 *
 * <p>Each of R resamples draws n problem indices uniformly with replacement from {@code
 * SplittableRandom (seed)}; the statistic is evaluated on the resample, and the interval at level 1
 * − α is the (α/2, 1 − α/2) percentile pair of the R values (linear interpolation between order
 * statistics, {@link #percentile}). <i>Paired</i> resampling applies the same indices to every
 * aligned vector (problems are aligned across languages and models). A resample whose statistic is
 * NaN or infinite is dropped and counted; when all are dropped the interval is {@link
 * Interval#UNDEFINED}. The same seed, R, level and input always give the same interval.
 */
public final class Bootstrap {

  /** Default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 1000;

  /** Default confidence level. */
  public static final double DEFAULT_LEVEL = 0.95;

  /**
   * A statistic's value on the full sample, its interval, and how many resamples were used/dropped.
   */
  public record Result(double estimate, Interval ci, int valid, int dropped) {}

  private final long seed;
  private final int resamples;
  private final double level;

  public Bootstrap(long seed, int resamples, double level) {
    checkArguments(resamples, level);
    this.seed = seed;
    this.resamples = resamples;
    this.level = level;
  }

  /** 1000 resamples at 95 %. */
  public static Bootstrap withSeed(long seed) {
    return new Bootstrap(seed, DEFAULT_RESAMPLES, DEFAULT_LEVEL);
  }

  /** CI of the mean of per-problem values. */
  public Result mean(double[] values) {
    checkLength(values == null ? 0 : values.length);
    return resample(
        values.length,
        idx -> {
          double sum = 0.0;
          for (int i : idx) {
            sum += values[i];
          }
          return sum / idx.length;
        });
  }

  /**
   * Paired CI of a statistic of aligned vectors: every vector is resampled with the same problem
   * indices and the statistic receives the resampled vectors in input order.
   */
  public Result paired(double[][] vectors, ToDoubleFunction<double[][]> statistic) {
    if (vectors == null || vectors.length == 0) {
      throw new IllegalArgumentException("Paired bootstrap needs at least one vector");
    }
    int n = vectors[0].length;
    for (int j = 1; j < vectors.length; j++) {
      if (vectors[j].length != n) {
        throw new IllegalArgumentException(
            "Paired bootstrap vectors must be aligned: vector 0 has "
                + n
                + " problems, vector "
                + j
                + " has "
                + vectors[j].length);
      }
    }
    return resample(
        n,
        idx -> {
          double[][] drawn = new double[vectors.length][idx.length];
          for (int j = 0; j < vectors.length; j++) {
            for (int i = 0; i < idx.length; i++) {
              drawn[j][i] = vectors[j][idx[i]];
            }
          }
          return statistic.applyAsDouble(drawn);
        });
  }

  /** CI of a statistic computed from the drawn problem indices (0 … n−1, with repeats). */
  public Result resample(int n, ToDoubleFunction<int[]> statistic) {
    return resampleMany(n, idx -> new double[] {statistic.applyAsDouble(idx)})[0];
  }

  /**
   * CIs of several statistics computed together from each draw (e.g. the parameters of one refit);
   * NaN/infinite components are dropped per statistic. The statistic must return the same length
   * always.
   */
  public Result[] resampleMany(int n, Function<int[], double[]> statistic) {
    return resampleManyWith(n, (idx, random) -> statistic.apply(idx));
  }

  /**
   * Like {@link #resampleMany}, for statistics that resample more than problems (e.g. training
   * seeds): each draw also gets the bootstrap's random source, positioned after the drawn problem
   * indices, to draw its other units from (so the same seed gives the same intervals). The point
   * estimate is computed with the identity draw and a null random source (use every unit once).
   */
  public Result[] resampleManyWith(
      int n, java.util.function.BiFunction<int[], SplittableRandom, double[]> statistic) {
    checkLength(n);
    int[] identity = new int[n];
    Arrays.setAll(identity, i -> i);
    double[] estimate = statistic.apply(identity, null);
    int m = estimate.length;
    double[][] draws = new double[m][resamples];
    int[] valid = new int[m];
    SplittableRandom random = new SplittableRandom(seed);
    int[] idx = new int[n];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        idx[i] = random.nextInt(n);
      }
      double[] values = statistic.apply(idx.clone(), random);
      for (int s = 0; s < m; s++) {
        if (Double.isFinite(values[s])) {
          draws[s][valid[s]++] = values[s];
        }
      }
    }
    Result[] results = new Result[m];
    for (int s = 0; s < m; s++) {
      double[] sorted = Arrays.copyOf(draws[s], valid[s]);
      Arrays.sort(sorted);
      results[s] =
          new Result(
              estimate[s], percentileInterval(sorted, level), valid[s], resamples - valid[s]);
    }
    return results;
  }

  /** Rejects fewer than one resample or a level outside (0, 1). */
  static void checkArguments(int resamples, double level) {
    if (resamples < 1) {
      throw new IllegalArgumentException("Bootstrap needs >= 1 resamples, got " + resamples);
    }
    if (!(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException("Bootstrap level must be in (0, 1), got " + level);
    }
  }

  /**
   * The (α/2, 1 − α/2) {@link #percentile} pair of sorted statistics at level 1 − α; {@link
   * Interval#UNDEFINED} when there are none.
   */
  static Interval percentileInterval(double[] sorted, double level) {
    double alpha = 1.0 - level;
    return sorted.length == 0
        ? Interval.UNDEFINED
        : new Interval(percentile(sorted, alpha / 2), percentile(sorted, 1 - alpha / 2));
  }

  /**
   * Percentile q ∈ [0, 1] of sorted values: x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]), h = (len − 1)q.
   */
  public static double percentile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** mean(v[0]) − mean(v[1]): e.g. accuracy of M minus accuracy of B on the same problems. */
  public static double differenceOfMeans(double[][] v) {
    return SampleMetrics.mean(v[0]) - SampleMetrics.mean(v[1]);
  }

  /** mean(v[0] − v[1]) ÷ mean(v[2] − v[3]): e.g. unseen-language gain over in-language gain. */
  public static double ratioOfMeanDifferences(double[][] v) {
    return (SampleMetrics.mean(v[0]) - SampleMetrics.mean(v[1]))
        / (SampleMetrics.mean(v[2]) - SampleMetrics.mean(v[3]));
  }

  private static void checkLength(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Bootstrap needs at least one problem, got " + n);
    }
  }
}
