package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoissonClassBootstrapTest {
  private static final long SEED = TestSeed.get();

  /** Value classes c/4 (c = 0..4) of 200 avg@4 problems, and a random stream per class. */
  record Classes(long[] nums, long[] counts, long[] streams) {
    /** The interval of these classes' mean (values c/4). */
    Interval interval(PoissonClassBootstrap bootstrap) {
      return bootstrap.interval(nums, counts, streams, 4);
    }

    /** The same classes listed in another order. */
    Classes reordered(int[] order) {
      return new Classes(pick(nums, order), pick(counts, order), pick(streams, order));
    }

    private static long[] pick(long[] a, int[] order) {
      return Arrays.stream(order).mapToLong(i -> a[i]).toArray();
    }
  }

  /** 200 problems of avg@4, the number of problems per value drawn at random. */
  private static Classes avgAt4(SplittableRandom random) {
    long[] counts = new long[5];
    for (int i = 0; i < 200; i++) {
      counts[Math.min(4, (int) (random.nextDouble() * 5.5))]++;
    }
    return new Classes(new long[] {0, 1, 2, 3, 4}, counts, random.longs(5).toArray());
  }

  @Test
  void givesThePerProblemPoissonBootstrapsInterval() {
    SplittableRandom random = new SplittableRandom(SEED);
    Classes classes = avgAt4(random);
    long[] counts = classes.counts();
    int resamples = 20_000;
    Interval byClass = classes.interval(new PoissonClassBootstrap(resamples, 0.95));

    // The definition: every problem its own Poisson(1) weight in every resample.
    int problems = (int) Arrays.stream(counts).sum();
    long[] values = new long[problems];
    int at = 0;
    for (int c = 0; c < 5; c++) {
      for (int i = 0; i < counts[c]; i++) {
        values[at++] = classes.nums()[c];
      }
    }
    PoissonQuantile one = new PoissonQuantile(1.0);
    double[] stats = new double[resamples];
    int kept = 0;
    for (int r = 0; r < resamples; r++) {
      long sn = 0;
      long sw = 0;
      for (long v : values) {
        int w = one.of(random.nextDouble());
        sn += w * v;
        sw += w;
      }
      if (sw > 0) {
        stats[kept++] = sn / (4.0 * sw);
      }
    }
    double[] sorted = Arrays.copyOf(stats, kept);
    Arrays.sort(sorted);
    double low = Bootstrap.percentile(sorted, 0.025);
    double high = Bootstrap.percentile(sorted, 0.975);
    System.out.printf(
        "seed %d, counts %s: by class [%.4f, %.4f], per problem [%.4f, %.4f]%n",
        SEED, Arrays.toString(counts), byClass.low(), byClass.high(), low, high);
    // Monte Carlo sd of each 2.5 % quantile with 20,000 resamples ≈ 0.0005 here; width ≈ 0.1.
    // Drawing each class with Poisson(1) instead of Poisson(m) would give a width near 0.6.
    assertThat(byClass.low()).as("seed %d", SEED).isCloseTo(low, within(0.004));
    assertThat(byClass.high()).as("seed %d", SEED).isCloseTo(high, within(0.004));
  }

  @Test
  void sameClassesGiveTheSameIntervalInAnyOrder() {
    SplittableRandom random = new SplittableRandom(SEED);
    Classes classes = avgAt4(random);
    PoissonClassBootstrap bootstrap = new PoissonClassBootstrap(500, 0.9);
    Interval first = classes.interval(bootstrap);
    assertThat(classes.interval(bootstrap)).isEqualTo(first);
    assertThat(classes.reordered(new int[] {3, 0, 4, 1, 2}).interval(bootstrap)).isEqualTo(first);
    assertThat(first.low()).isLessThan(first.high());
    Classes otherStreams = new Classes(classes.nums(), classes.counts(), random.longs(5).toArray());
    assertThat(otherStreams.interval(bootstrap)).isNotEqualTo(first);
  }

  @Test
  void aResampleWithoutWeightIsDroppedAndAllDroppedIsUndefined() {
    // One problem, one resample: Σ W = 0 with probability e^-1, else the interval is the value.
    PoissonClassBootstrap bootstrap = new PoissonClassBootstrap(1, 0.95);
    int undefined = 0;
    for (long stream = 0; stream < 200; stream++) {
      Interval ci = bootstrap.interval(new long[] {3}, new long[] {1}, new long[] {stream}, 4);
      if (ci.isDefined()) {
        assertThat(ci).isEqualTo(new Interval(0.75, 0.75));
      } else {
        undefined++;
      }
    }
    assertThat(undefined).isBetween(40, 110);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new PoissonClassBootstrap(0, 0.95))
        .hasMessageContaining("needs >= 1 resamples, got 0");
    assertThatThrownBy(() -> new PoissonClassBootstrap(10, 1.0))
        .hasMessageContaining("level must be in (0, 1), got 1.0");
    PoissonClassBootstrap b = new PoissonClassBootstrap(10, 0.9);
    assertThatThrownBy(() -> b.interval(new long[] {1}, new long[] {1, 2}, new long[] {1}, 4))
        .hasMessageContaining("1 values, 2 counts, 1 streams");
    assertThatThrownBy(() -> b.interval(new long[] {1}, new long[] {1}, new long[] {1}, 0))
        .hasMessageContaining("denominator must be positive, got 0");
    assertThatThrownBy(() -> b.interval(new long[] {1}, new long[] {0}, new long[] {1}, 4))
        .hasMessageContaining("Class 0 has count 0, not >= 1");
  }
}
