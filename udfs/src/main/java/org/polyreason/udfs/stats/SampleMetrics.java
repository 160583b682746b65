package org.polyreason.udfs.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Per-problem sample metrics, averaged over problems.
 *
 * <ul>
 *   <li><b>avg@k</b> (pass@1 estimated from k samples) = mean over problems of c_i / k, where c_i
 *       is the number of correct samples of problem i among its first k samples (by sample index).
 *   <li><b>pass@k</b> (unbiased, Chen et al. 2021) = mean over problems of 1 − C(n−c, k) / C(n, k),
 *       with n samples per problem and c of them correct, for k ≤ n. Computed as 1 −
 *       ∏_{i=n−c+1}^{n} (1 − k/i), which never forms a binomial coefficient.
 *   <li><b>maj@k</b>: correctness of the most frequent extracted answer among the first k samples
 *       (by sample index). Ties go to the answer whose earliest sample index is smallest; null
 *       answers do not vote; a problem with no vote counts as wrong. The winner is correct iff its
 *       earliest sample is correct (a deterministic checker gives every sample of one answer the
 *       same verdict).
 * </ul>
 */
public final class SampleMetrics {

  /**
   * The samples of one problem, ordered by sample index. {@code answers} (extracted answers, null
   * where none was extracted) may be null when only correctness is known; maj@k then fails. Arrays
   * are not copied: callers must not mutate them afterwards.
   */
  public record ProblemSamples(String problemId, boolean[] correct, String[] answers) {
    public ProblemSamples {
      if (correct == null) {
        throw new IllegalArgumentException("Problem " + problemId + " has no correctness vector");
      }
      if (answers != null && answers.length != correct.length) {
        throw new IllegalArgumentException(
            "Problem "
                + problemId
                + " has "
                + correct.length
                + " correctness flags but "
                + answers.length
                + " answers; they must be aligned");
      }
    }

    /** Number of samples n. */
    public int samples() {
      return correct.length;
    }

    /** Number of correct samples among the first k. */
    public int correctInFirst(int k) {
      int c = 0;
      for (int i = 0; i < k; i++) {
        c += correct[i] ? 1 : 0;
      }
      return c;
    }
  }

  private SampleMetrics() {}

  /** Unbiased pass@k of one problem: 1 − C(n−c, k)/C(n, k); requires 1 ≤ k ≤ n and 0 ≤ c ≤ n. */
  public static double passAtK(int n, int c, int k) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("pass@k needs 1 <= k <= n, got k=" + k + ", n=" + n);
    }
    if (c < 0 || c > n) {
      throw new IllegalArgumentException("pass@k needs 0 <= c <= n, got c=" + c + ", n=" + n);
    }
    if (n - c < k) {
      return 1.0; // every k-subset contains a correct sample
    }
    double allWrong = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      allWrong *= 1.0 - (double) k / i;
    }
    return 1.0 - allWrong;
  }

  /** pass@k of one problem over all its n samples. */
  public static double passAtK(ProblemSamples p, int k) {
    return passAtK(p.samples(), p.correctInFirst(p.samples()), k);
  }

  /** avg@k of one problem: c/k over its first k samples; requires 1 ≤ k ≤ n. */
  public static double avgAtK(ProblemSamples p, int k) {
    checkFirstK(p, k, "avg@k");
    return (double) p.correctInFirst(k) / k;
  }

  /** maj@k of one problem as 1.0 (correct) or 0.0; requires 1 ≤ k ≤ n and extracted answers. */
  public static double majAtK(ProblemSamples p, int k) {
    checkFirstK(p, k, "maj@k");
    if (p.answers() == null) {
      throw new IllegalArgumentException(
          "maj@k needs extracted answers, problem " + p.problemId() + " has none");
    }
    // Insertion order = order of each answer's earliest sample, so a strict '>' keeps the tie rule.
    Map<String, int[]> votes = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      String answer = p.answers()[i];
      if (answer != null) {
        int first = i;
        votes.computeIfAbsent(answer, a -> new int[] {0, first})[0]++; // {count, earliest index}
      }
    }
    int bestCount = 0;
    int bestFirst = -1;
    for (int[] v : votes.values()) {
      if (v[0] > bestCount) {
        bestCount = v[0];
        bestFirst = v[1];
      }
    }
    return bestFirst >= 0 && p.correct()[bestFirst] ? 1.0 : 0.0;
  }

  /** avg@k over problems. */
  public static double avgAtK(List<ProblemSamples> problems, int k) {
    return mean(perProblem(problems, p -> avgAtK(p, k)));
  }

  /** Unbiased pass@k over problems. */
  public static double passAtK(List<ProblemSamples> problems, int k) {
    return mean(perProblem(problems, p -> passAtK(p, k)));
  }

  /** maj@k over problems. */
  public static double majAtK(List<ProblemSamples> problems, int k) {
    return mean(perProblem(problems, p -> majAtK(p, k)));
  }

  /** One metric value per problem, in input order; the vector a bootstrap resamples. */
  public static double[] perProblem(
      List<ProblemSamples> problems, ToDoubleFunction<ProblemSamples> metric) {
    if (problems == null || problems.isEmpty()) {
      throw new IllegalArgumentException("Sample metrics need at least one problem, got none");
    }
    double[] values = new double[problems.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = metric.applyAsDouble(problems.get(i));
    }
    return values;
  }

  static double mean(double[] values) {
    double sum = 0.0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static void checkFirstK(ProblemSamples p, int k, String metric) {
    if (k < 1 || k > p.samples()) {
      throw new IllegalArgumentException(
          metric
              + " needs 1 <= k <= n, got k="
              + k
              + " for problem "
              + p.problemId()
              + " with n="
              + p.samples()
              + " samples");
    }
  }
}
