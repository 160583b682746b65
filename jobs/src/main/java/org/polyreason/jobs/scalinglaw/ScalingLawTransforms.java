package org.polyreason.jobs.scalinglaw;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.polyreason.common.UserException;
import org.polyreason.core.Accuracies;
import org.polyreason.core.Tables;
import org.polyreason.jobs.scalinglaw.ScalingLawSettings.Point;
import org.polyreason.jobs.scalinglaw.ScalingLawSettings.Series;
import org.polyreason.udfs.stats.Bootstrap;
import org.polyreason.udfs.stats.Interval;
import org.polyreason.udfs.stats.ParallelLaw;
import org.polyreason.udfs.stats.ScalingLawFit;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code scaling-law} computation (DESIGN.md, "Parallel scaling law"), without IO.
 *
 * <p>y(N) per point: heldout-mean = mean of avg_at_k over the series' held-out languages; all-mean
 * = mean over every language the model has on the benchmark; lang:&lt;code&gt; = that language; mti
 * = the model's MTI in the transfer table on the benchmark (exactly one row, non-null). avg_at_k
 * comes from metrics (think_lang unset; a scores-derived row wins over an external one). The law is
 * fitted on N ≥ fit-from ({@link ParallelLaw}, {@link ScalingLawFit}); First-Parallel Leap and MGG
 * use every point. Parameter CIs: bootstrap over problems — when every point model has per-problem
 * scores in every language y needs (aligned by problem_id), each resample recomputes y(N) as the
 * mean over those languages of the mean per-problem accuracy c/n of the drawn problems and refits;
 * otherwise null.
 */
public final class ScalingLawTransforms {

  private ScalingLawTransforms() {}

  public static Dataset<Row> fit(
      Dataset<Row> metrics,
      Dataset<Row> transfer,
      Dataset<Row> scores,
      ScalingLawSettings settings) {
    Set<String> models = new TreeSet<>();
    settings.series().forEach(s -> s.points().forEach(p -> models.add(p.model())));
    Accuracies.ByModel acc = Accuracies.fromMetrics(metrics, models);
    boolean anyMti = settings.series().stream().anyMatch(s -> s.metric().equals("mti"));
    List<Row> mti =
        anyMti
            ? transfer
                .filter(col("model").isin(models.toArray()))
                .select("model", "benchmark", "mti", "mti_null_reason", "base_model")
                .collectAsList()
            : List.of();
    boolean anyAcc = settings.series().stream().anyMatch(s -> !s.metric().equals("mti"));
    Accuracies.PerProblem pp =
        anyAcc ? Accuracies.fromScores(scores, models) : new Accuracies.PerProblem();
    List<Row> rows = new ArrayList<>();
    for (Series s : settings.series()) {
      rows.add(fitOne(s, acc, mti, pp, settings));
    }
    return metrics.sparkSession().createDataFrame(rows, Tables.SCALING_FITS.schema());
  }

  static Row fitOne(
      Series s,
      Accuracies.ByModel acc,
      List<Row> mti,
      Accuracies.PerProblem pp,
      ScalingLawSettings settings) {
    Map<Integer, Double> yByN = new TreeMap<>();
    Map<Integer, String> modelByN = new TreeMap<>();
    Map<Integer, List<String>> langsByN = new TreeMap<>();
    for (Point p : s.points()) {
      modelByN.put(p.n(), p.model());
      if (s.metric().equals("mti")) {
        yByN.put(p.n(), mtiOf(s, p, mti));
      } else {
        Map<String, Double> byLang = acc.of(p.model(), s.benchmark());
        List<String> langs = languages(s, p, byLang);
        langsByN.put(p.n(), langs);
        yByN.put(p.n(), langs.stream().mapToDouble(byLang::get).average().orElseThrow());
      }
    }
    ParallelLaw.Summary summary;
    try {
      summary = ParallelLaw.analyze(s.name(), yByN, settings.form(), settings.fitFrom());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UserException("Scaling-law series " + s.name() + ": " + e.getMessage(), e);
    }
    ScalingLawFit.Fit fit = summary.fit();
    Integer ciProblems = null;
    Interval aCi = null;
    Interval bCi = null;
    if (!langsByN.isEmpty()) {
      List<Map<String, Map<String, Double>>> perModel = new ArrayList<>();
      Set<String> allLangs = new TreeSet<>();
      for (var e : langsByN.entrySet()) {
        perModel.add(pp.of(modelByN.get(e.getKey()), s.benchmark()));
        allLangs.addAll(e.getValue());
      }
      boolean complete = true;
      for (var e : langsByN.entrySet()) {
        complete &=
            pp.of(modelByN.get(e.getKey()), s.benchmark()).keySet().containsAll(e.getValue());
      }
      Set<String> problems = complete ? Accuracies.commonProblems(perModel, allLangs) : Set.of();
      if (!problems.isEmpty()) {
        double[] ns = yByN.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        List<double[][]> vectors = new ArrayList<>();
        for (int n : yByN.keySet()) {
          Map<String, Map<String, Double>> m = pp.of(modelByN.get(n), s.benchmark());
          vectors.add(
              langsByN.get(n).stream()
                  .map(l -> Accuracies.vector(m.get(l), problems))
                  .toArray(double[][]::new));
        }
        ScalingLawFit.BootstrapCi ci =
            ScalingLawFit.bootstrapCi(
                s.name(),
                ns,
                problems.size(),
                idx -> vectors.stream().mapToDouble(v -> meanOverLangs(v, idx)).toArray(),
                settings.form(),
                settings.fitFrom(),
                new Bootstrap(settings.seed(), settings.bootstrapSamples(), settings.confidence()));
        ciProblems = problems.size();
        aCi = ci.a();
        bCi = ci.b();
      }
    }
    List<Row> points = new ArrayList<>();
    yByN.forEach(
        (n, y) ->
            points.add(
                RowFactory.create(n, modelByN.get(n), y, fit.predict(n), n >= settings.fitFrom())));
    return RowFactory.create(
        s.name(),
        s.benchmark(),
        s.metric(),
        settings.form().name().toLowerCase(java.util.Locale.ROOT),
        settings.fitFrom(),
        fit.points(),
        fit.a(),
        fit.b(),
        fit.c(),
        fit.seA(),
        fit.seB(),
        fit.seC(),
        low(aCi),
        high(aCi),
        low(bCi),
        high(bCi),
        Double.isFinite(fit.r2()) ? fit.r2() : null,
        fit.rmse(),
        fit.looError(),
        summary.leap().leap(),
        summary.leap().ratio(),
        summary.monolingualGap(),
        ciProblems,
        CollectionConverters.asScala(points).toSeq());
  }

  private static List<String> languages(Series s, Point p, Map<String, Double> byLang) {
    List<String> wanted =
        switch (s.metric()) {
          case "heldout-mean" -> s.heldOut();
          case "all-mean" -> new ArrayList<>(byLang.keySet());
          default -> List.of(s.metricLanguage());
        };
    for (String l : wanted) {
      if (!byLang.containsKey(l)) {
        throw new UserException(
            "Scaling-law series "
                + s.name()
                + ": model "
                + p.model()
                + " (N = "
                + p.n()
                + ") has no metrics row for benchmark "
                + s.benchmark()
                + ", lang "
                + l
                + "; it has languages "
                + byLang.keySet());
      }
    }
    if (wanted.isEmpty()) {
      throw new UserException(
          "Scaling-law series "
              + s.name()
              + ": model "
              + p.model()
              + " (N = "
              + p.n()
              + ") has no metrics rows for benchmark "
              + s.benchmark());
    }
    return wanted;
  }

  private static double mtiOf(Series s, Point p, List<Row> transfer) {
    List<Row> rows =
        transfer.stream()
            .filter(r -> p.model().equals(r.getString(0)) && s.benchmark().equals(r.getString(1)))
            .toList();
    if (rows.size() != 1) {
      throw new UserException(
          "Scaling-law series "
              + s.name()
              + ": metric mti needs exactly one transfer row for "
              + "model "
              + p.model()
              + " on "
              + s.benchmark()
              + ", found "
              + rows.size()
              + (rows.isEmpty()
                  ? "; add the pair to polyreason.transfer.pairs and run transfer"
                  : " (bases " + rows.stream().map(r -> r.getString(4)).toList() + ")"));
    }
    if (rows.get(0).isNullAt(2)) {
      throw new UserException(
          "Scaling-law series "
              + s.name()
              + ": MTI of "
              + p.model()
              + " on "
              + s.benchmark()
              + " is null ("
              + rows.get(0).getString(3)
              + ")");
    }
    return rows.get(0).getDouble(2);
  }

  private static double meanOverLangs(double[][] v, int[] idx) {
    double sum = 0.0;
    for (double[] lang : v) {
      double s = 0.0;
      for (int i : idx) {
        s += lang[i];
      }
      sum += s / idx.length;
    }
    return sum / v.length;
  }

  private static Double low(Interval i) {
    return i == null || !i.isDefined() ? null : i.low();
  }

  private static Double high(Interval i) {
    return i == null || !i.isDefined() ? null : i.high();
  }
}
