package org.polyreason.udfs.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer.Optimum;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.math3.util.Pair;

/**
 * Parallel scaling law fit (DESIGN.md, "Metrics"): y = a·N^b ({@link Form#POWER}), the saturating y
 * = c − a·N^(−b) ({@link Form#SATURATING}) or the logarithmic y = a + b·ln N ({@link Form#LOG}), on
 * the points with N ≥ fitFrom (default 2), by non-linear least squares (Commons Math
 * Levenberg–Marquardt).
 *
 * <p>Start values: power — OLS of ln y on ln N gives b₀ = slope, a₀ = e^intercept. Saturating — c₀
 * = max y + 0.1·|max y| (= 1.1·max y for positive y; max y + 0.1·range + 0.001 when max y = 0),
 * then OLS of ln(c₀ − y) on ln N gives a₀ = e^intercept, b₀ = −slope. Log — OLS of y on ln N (the
 * least-squares optimum itself).
 *
 * <p>Reported: standard errors √(σ²·[(JᵀJ)⁻¹]_jj) with σ² = RSS/(n − p) (null when n = p or JᵀJ is
 * singular); R² = 1 − RSS/TSS (NaN when all y are equal); RMSE = √(RSS/n); leave-one-out error =
 * RMSE of predicting each fitted point from a fit on the others (null when the others are fewer
 * than the parameters: 3 points for the two-parameter forms, 4 for the saturating one).
 */
public final class ScalingLawFit {

  /** Default smallest N fitted: the English-only point N = 1 is left out of the law. */
  public static final double DEFAULT_FIT_FROM = 2.0;

  /** Functional form of the law. */
  public enum Form {
    POWER,
    SATURATING,
    /** y = a + b·ln N: a logarithmic alternative (linear in ln N). */
    LOG
  }

  /** A fitted law; {@code c} and {@code seC} are null for the power form. */
  public record Fit(
      String series,
      Form form,
      double a,
      double b,
      Double c,
      Double seA,
      Double seB,
      Double seC,
      double r2,
      double rmse,
      Double looError,
      int points) {

    /** f(N) = a·N^b, c − a·N^(−b), or a + b·ln N. */
    public double predict(double n) {
      return value(form, params(), n);
    }

    double[] params() {
      return form == Form.SATURATING ? new double[] {a, b, c} : new double[] {a, b};
    }
  }

  /** Percentile bootstrap CIs of the parameters ({@code c} null for the power form). */
  public record BootstrapCi(Interval a, Interval b, Interval c, int valid, int dropped) {}

  private ScalingLawFit() {}

  /** Power form on N ≥ 2. */
  public static Fit fit(String series, double[] n, double[] y) {
    return fit(series, n, y, Form.POWER, DEFAULT_FIT_FROM);
  }

  /** Fits the law on the points with N ≥ fitFrom. */
  public static Fit fit(String series, double[] n, double[] y, Form form, double fitFrom) {
    double[][] pts = select(series, n, y, form, fitFrom);
    double[] xs = pts[0];
    double[] ys = pts[1];
    Optimum opt = optimize(xs, ys, form);
    double[] p = opt.getPoint().toArray();
    int m = xs.length;
    double rss = 0.0;
    double meanY = SampleMetrics.mean(ys);
    double tss = 0.0;
    for (int i = 0; i < m; i++) {
      double r = ys[i] - value(form, p, xs[i]);
      rss += r * r;
      tss += (ys[i] - meanY) * (ys[i] - meanY);
    }
    Double[] se = standardErrors(opt, rss, m, p.length);
    return new Fit(
        series,
        form,
        p[0],
        p[1],
        form == Form.SATURATING ? p[2] : null,
        se[0],
        se[1],
        form == Form.SATURATING ? se[2] : null,
        tss == 0.0 ? Double.NaN : 1.0 - rss / tss,
        Math.sqrt(rss / m),
        leaveOneOut(xs, ys, form),
        m);
  }

  /**
   * Refits the law on bootstrap resamples of problems: {@code yForResample} maps drawn problem
   * indices (0 … problems−1, with repeats) to the y value of every point of {@code n}, recomputed
   * on that resample. A refit that fails (non-positive y in power form, no convergence) is dropped
   * and counted.
   */
  public static BootstrapCi bootstrapCi(
      String series,
      double[] n,
      int problems,
      Function<int[], double[]> yForResample,
      Form form,
      double fitFrom,
      Bootstrap bootstrap) {
    Bootstrap.Result[] r =
        bootstrap.resampleMany(
            problems,
            idx -> {
              double[] y = yForResample.apply(idx);
              if (y == null || y.length != n.length) {
                throw new IllegalArgumentException(
                    "Series "
                        + series
                        + ": the resample function returned "
                        + (y == null ? "null" : y.length + " values")
                        + " for "
                        + n.length
                        + " points");
              }
              return refitParameters(series, n, y, form, fitFrom);
            });
    return new BootstrapCi(
        r[0].ci(),
        r[1].ci(),
        form == Form.SATURATING ? r[2].ci() : null,
        r[0].valid(),
        r[0].dropped());
  }

  /**
   * The parameters {@code {a, b, c}} ({@code c} NaN but for the saturating form) of the law
   * refitted on one bootstrap resample's {@code y}, or three NaN when the refit fails (non-positive
   * y in power form, no convergence): the caller drops and counts that resample. Only the optimizer
   * runs, not {@link #fit}'s goodness of fit and leave-one-out refits, which a resample does not
   * use.
   */
  public static double[] refitParameters(
      String series, double[] n, double[] y, Form form, double fitFrom) {
    try {
      double[][] pts = select(series, n, y, form, fitFrom);
      double[] p = optimize(pts[0], pts[1], form).getPoint().toArray();
      return form == Form.SATURATING ? p : new double[] {p[0], p[1], Double.NaN};
    } catch (IllegalArgumentException | IllegalStateException e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN}; // dropped resample
    }
  }

  static double value(Form form, double[] p, double n) {
    return switch (form) {
      case POWER -> p[0] * Math.pow(n, p[1]);
      case SATURATING -> p[2] - p[0] * Math.pow(n, -p[1]);
      case LOG -> p[0] + p[1] * Math.log(n);
    };
  }

  private static double[][] select(
      String series, double[] n, double[] y, Form form, double fitFrom) {
    if (n == null || y == null || n.length != y.length) {
      throw new IllegalArgumentException(
          "Series "
              + series
              + ": N and y must be non-null and aligned, "
              + "got N="
              + Arrays.toString(n)
              + ", y="
              + Arrays.toString(y));
    }
    int m = 0;
    double[] xs = new double[n.length];
    double[] ys = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      if (n[i] >= fitFrom) {
        xs[m] = n[i];
        ys[m++] = y[i];
      }
    }
    xs = Arrays.copyOf(xs, m);
    ys = Arrays.copyOf(ys, m);
    String where =
        "Series "
            + series
            + " (N="
            + Arrays.toString(xs)
            + ", y="
            + Arrays.toString(ys)
            + ", fit from N >= "
            + fitFrom
            + ")";
    if (m < 3) {
      throw new IllegalArgumentException(where + " has " + m + " points; a scaling law needs >= 3");
    }
    for (int i = 0; i < m; i++) {
      if (!(xs[i] > 0) || !Double.isFinite(ys[i]) || form == Form.POWER && !(ys[i] > 0)) {
        throw new IllegalArgumentException(
            where
                + " has N="
                + xs[i]
                + ", y="
                + ys[i]
                + "; need N > 0"
                + " and finite y"
                + (form == Form.POWER ? " > 0 for the power form" : ""));
      }
    }
    return new double[][] {xs, ys};
  }

  private static Optimum optimize(double[] xs, double[] ys, Form form) {
    var problem =
        new LeastSquaresBuilder()
            .start(start(xs, ys, form))
            .model(
                p -> {
                  var value = new ArrayRealVector(xs.length);
                  RealMatrix jac = new Array2DRowRealMatrix(xs.length, p.getDimension());
                  for (int i = 0; i < xs.length; i++) {
                    double pow =
                        Math.pow(xs[i], form == Form.POWER ? p.getEntry(1) : -p.getEntry(1));
                    double ln = Math.log(xs[i]);
                    if (form == Form.LOG) {
                      value.setEntry(i, p.getEntry(0) + p.getEntry(1) * ln);
                      jac.setRow(i, new double[] {1.0, ln});
                    } else if (form == Form.POWER) {
                      value.setEntry(i, p.getEntry(0) * pow);
                      jac.setRow(i, new double[] {pow, p.getEntry(0) * pow * ln});
                    } else {
                      value.setEntry(i, p.getEntry(2) - p.getEntry(0) * pow);
                      jac.setRow(i, new double[] {-pow, p.getEntry(0) * pow * ln, 1.0});
                    }
                  }
                  return new Pair<>(value, jac);
                })
            .target(ys)
            .lazyEvaluation(false)
            .maxEvaluations(MAX_EVALUATIONS)
            .maxIterations(MAX_EVALUATIONS)
            .build();
    try {
      return new LevenbergMarquardtOptimizer().optimize(problem);
    } catch (MaxCountExceededException e) {
      // Commons Math says "illegal state: maximal count (10,000) exceeded: evaluations"
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "Levenberg–Marquardt did not converge within %,d evaluations on %d points: they do not"
                  + " determine the %s form's parameters",
              MAX_EVALUATIONS,
              xs.length,
              form.name().toLowerCase(Locale.ROOT)),
          e);
    }
  }

  /** Evaluations (and iterations) the optimizer may take before a form counts as not fitted. */
  static final int MAX_EVALUATIONS = 10_000;

  private static double[] start(double[] xs, double[] ys, Form form) {
    double maxY = Arrays.stream(ys).max().orElseThrow();
    double minY = Arrays.stream(ys).min().orElseThrow();
    double c0 = maxY != 0.0 ? maxY + 0.1 * Math.abs(maxY) : maxY + 0.1 * (maxY - minY) + 1e-3;
    var ols = new SimpleRegression();
    if (form == Form.LOG) {
      for (int i = 0; i < xs.length; i++) {
        ols.addData(Math.log(xs[i]), ys[i]);
      }
      return new double[] {ols.getIntercept(), ols.getSlope()};
    }
    for (int i = 0; i < xs.length; i++) {
      ols.addData(Math.log(xs[i]), Math.log(form == Form.POWER ? ys[i] : c0 - ys[i]));
    }
    double a0 = Math.exp(ols.getIntercept());
    return form == Form.POWER
        ? new double[] {a0, ols.getSlope()}
        : new double[] {a0, -ols.getSlope(), c0};
  }

  private static Double[] standardErrors(Optimum opt, double rss, int m, int p) {
    Double[] se = new Double[3];
    if (m <= p) {
      return se; // σ² = RSS/(n − p) is undefined
    }
    double sigma2 = rss / (m - p);
    try {
      RealMatrix cov = opt.getCovariances(1e-14);
      for (int j = 0; j < p; j++) {
        se[j] = Math.sqrt(sigma2 * cov.getEntry(j, j));
      }
    } catch (SingularMatrixException e) {
      Arrays.fill(se, null); // parameters not identifiable at the optimum: no standard errors exist
    }
    return se;
  }

  private static Double leaveOneOut(double[] xs, double[] ys, Form form) {
    int m = xs.length;
    // every left-out point is predicted from a fit on the other m − 1 >= parameters points
    if (m - 1 < (form == Form.SATURATING ? 3 : 2)) {
      return null;
    }
    double sum = 0.0;
    for (int i = 0; i < m; i++) {
      double[] xo = new double[m - 1];
      double[] yo = new double[m - 1];
      for (int j = 0, k = 0; j < m; j++) {
        if (j != i) {
          xo[k] = xs[j];
          yo[k++] = ys[j];
        }
      }
      double[] without;
      try {
        without = optimize(xo, yo, form).getPoint().toArray();
      } catch (IllegalStateException e) {
        // the fit on all points stands; its prediction error is unknown, not infinite
        return null;
      }
      double err = ys[i] - value(form, without, xs[i]);
      sum += err * err;
    }
    return Math.sqrt(sum / m);
  }
}
