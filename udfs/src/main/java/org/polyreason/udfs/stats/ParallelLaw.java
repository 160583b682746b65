package org.polyreason.udfs.stats;

import java.util.Map;
import java.util.TreeMap;
import org.polyreason.udfs.stats.ScalingLawFit.Fit;
import org.polyreason.udfs.stats.ScalingLawFit.Form;

/**
 * Findings of the parallel training study (DESIGN.md, "Metrics"), from y(N): the metric of the
 * model trained on English plus N − 1 parallel languages (N = 1 is English only).
 *
 * <ul>
 *   <li><b>First-Parallel Leap</b> = y(2) − y(1), also as a ratio to the mean later step mean over
 *       N ≥ 2 of (y(N+1) − y(N)), taken over the N where both y(N) and y(N+1) exist; the ratio is
 *       null when there is no later step or the mean later step is 0.
 *   <li><b>Monolingual Generalization Gap</b> = f(1) − y(1), with f the law fitted by {@link
 *       ScalingLawFit} (positive: the monolingual model falls short of the law).
 * </ul>
 */
public final class ParallelLaw {

  /** The leap (null without y(1) and y(2)), the mean later step and their ratio (each nullable). */
  public record Leap(Double leap, Double meanLaterStep, Double ratio) {}

  /** The fitted law with the leap and the gap (null without y(1)). */
  public record Summary(Fit fit, Leap leap, Double monolingualGap) {}

  private ParallelLaw() {}

  /** First-Parallel Leap from y by N (null values mean "no measurement"). */
  public static Leap firstParallelLeap(Map<Integer, Double> yByN) {
    if (yByN == null) {
      throw new IllegalArgumentException("First-Parallel Leap needs y by N, got null");
    }
    TreeMap<Integer, Double> y = sorted(yByN);
    Double leap = y.containsKey(1) && y.containsKey(2) ? y.get(2) - y.get(1) : null;
    double sum = 0.0;
    int steps = 0;
    for (var e : y.tailMap(2).entrySet()) {
      Double next = y.get(e.getKey() + 1);
      if (next != null) {
        sum += next - e.getValue();
        steps++;
      }
    }
    Double meanStep = steps == 0 ? null : sum / steps;
    Double ratio = leap == null || meanStep == null || meanStep == 0.0 ? null : leap / meanStep;
    return new Leap(leap, meanStep, ratio);
  }

  /** Monolingual Generalization Gap f(1) − y(1). */
  public static double monolingualGap(Fit fit, double y1) {
    return fit.predict(1.0) - y1;
  }

  /** Fits the law on N ≥ fitFrom and reports leap and gap. */
  public static Summary analyze(
      String series, Map<Integer, Double> yByN, Form form, double fitFrom) {
    TreeMap<Integer, Double> y = sorted(yByN);
    double[] n = new double[y.size()];
    double[] v = new double[y.size()];
    int i = 0;
    for (var e : y.entrySet()) {
      n[i] = e.getKey();
      v[i++] = e.getValue();
    }
    Fit fit = ScalingLawFit.fit(series, n, v, form, fitFrom);
    Double gap = y.containsKey(1) ? monolingualGap(fit, y.get(1)) : null;
    return new Summary(fit, firstParallelLeap(y), gap);
  }

  private static TreeMap<Integer, Double> sorted(Map<Integer, Double> yByN) {
    TreeMap<Integer, Double> y = new TreeMap<>();
    yByN.forEach(
        (n, v) -> {
          if (n != null && v != null) {
            y.put(n, v);
          }
        });
    return y;
  }
}
