package org.polyreason.udfs.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.polyreason.udfs.stats.Transferability.Mode;

/**
 * MTI from per-problem data, with paired bootstrap CIs (DESIGN.md, "Metrics").
 *
 * <p>Input: for each language, a per-problem value vector of model M and of base B (correctness as
 * 0/1, or per-problem avg@k). Row i is the same problem in every vector of every language (the
 * benchmarks are parallel translations), so resampling is paired: one draw of problem indices is
 * applied to all 2·|L| vectors. Acc(l) is the mean of the vector; the point estimate is {@link
 * Transferability#compute} on those accuracies. Each resample recomputes mean_T Δ and MTI =
 * mean_{L∖T} Δ ÷ mean_T Δ on the languages that have a gain in the point estimate; a resample where
 * a relative gain or the ratio is undefined is dropped and counted. MTI is null when the point
 * estimate is null, or when the CI of mean_T Δ contains 0; its CI is then null too.
 */
public final class TransferabilityBootstrap {

  /**
   * The point result (MTI possibly nulled by the CI rule), the CI of MTI (null when MTI is null),
   * the CI of mean_T Δ (null when there is no training language with a gain), and the dropped
   * resamples.
   */
  public record Result(
      Transferability.Result point,
      Interval mtiCi,
      Interval trainGainCi,
      int mtiDropped,
      int trainGainDropped) {}

  private TransferabilityBootstrap() {}

  /** Per-problem MTI; vectors keyed by language, all of one length n ≥ 1. */
  public static Result compute(
      Map<String, double[]> model,
      Map<String, double[]> base,
      Set<String> train,
      Set<String> evaluated,
      Mode mode,
      double minDenominator,
      Bootstrap bootstrap) {
    if (model == null || base == null || bootstrap == null) {
      throw new IllegalArgumentException(
          "Per-problem MTI needs model and base vectors and a bootstrap");
    }
    int n = commonLength(model, base);
    Map<String, Double> accM = means(model);
    Map<String, Double> accB = means(base);
    Transferability.Result point =
        Transferability.compute(accM, accB, train, evaluated, mode, minDenominator);
    List<String> trainLangs = new ArrayList<>();
    List<String> unseenLangs = new ArrayList<>();
    for (String lang : point.gain().keySet()) {
      (train.contains(lang) ? trainLangs : unseenLangs).add(lang);
    }
    if (trainLangs.isEmpty()) {
      return new Result(point, null, null, 0, 0);
    }
    Bootstrap.Result[] ci =
        bootstrap.resampleMany(
            n,
            idx -> {
              double meanT = meanGain(trainLangs, model, base, idx, mode);
              double meanU =
                  unseenLangs.isEmpty()
                      ? Double.NaN
                      : meanGain(unseenLangs, model, base, idx, mode);
              return new double[] {meanU / meanT, meanT};
            });
    Interval trainGainCi = ci[1].ci();
    Transferability.Result adjusted = point;
    if (point.mti() != null && trainGainCi.contains(0.0)) {
      adjusted =
          point.withNullMti(
              "CI of in-language gain ["
                  + Transferability.format(trainGainCi.low())
                  + ", "
                  + Transferability.format(trainGainCi.high())
                  + "] contains 0");
    }
    Interval mtiCi = adjusted.mti() == null ? null : ci[0].ci();
    return new Result(adjusted, mtiCi, trainGainCi, ci[0].dropped(), ci[1].dropped());
  }

  private static double meanGain(
      List<String> langs,
      Map<String, double[]> model,
      Map<String, double[]> base,
      int[] idx,
      Mode mode) {
    double sum = 0.0;
    for (String lang : langs) {
      double m = mean(model.get(lang), idx);
      double b = mean(base.get(lang), idx);
      sum += mode == Mode.ABSOLUTE ? m - b : (b == 0.0 ? Double.NaN : (m - b) / b);
    }
    return sum / langs.size();
  }

  private static double mean(double[] values, int[] idx) {
    double sum = 0.0;
    for (int i : idx) {
      sum += values[i];
    }
    return sum / idx.length;
  }

  private static Map<String, Double> means(Map<String, double[]> perLang) {
    Map<String, Double> acc = new TreeMap<>();
    perLang.forEach((lang, v) -> acc.put(lang, SampleMetrics.mean(v)));
    return acc;
  }

  private static int commonLength(Map<String, double[]> model, Map<String, double[]> base) {
    int n = -1;
    String first = null;
    for (var perLang : List.of(model, base)) {
      for (var e : perLang.entrySet()) {
        if (e.getValue() == null) {
          throw new IllegalArgumentException("Per-problem vector for " + e.getKey() + " is null");
        }
        if (n < 0) {
          n = e.getValue().length;
          first = e.getKey();
        } else if (e.getValue().length != n) {
          throw new IllegalArgumentException(
              "Per-problem vectors must be aligned: "
                  + first
                  + " has "
                  + n
                  + " problems, "
                  + e.getKey()
                  + " has "
                  + e.getValue().length);
        }
      }
    }
    if (n < 1) {
      throw new IllegalArgumentException("Per-problem MTI needs at least one problem, got none");
    }
    return n;
  }
}
