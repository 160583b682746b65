package org.polyreason.jobs.scalinglaw;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
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
import org.polyreason.core.TrainedModels;
import org.polyreason.jobs.scalinglaw.ScalingLawSettings.Point;
import org.polyreason.jobs.scalinglaw.ScalingLawSettings.Series;
import org.polyreason.udfs.stats.Bootstrap;
import org.polyreason.udfs.stats.Interval;
import org.polyreason.udfs.stats.ParallelLaw;
import org.polyreason.udfs.stats.ScalingLawFit;
import org.polyreason.udfs.stats.ScalingLawFit.Fit;
import org.polyreason.udfs.stats.ScalingLawFit.Form;
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
      rows.addAll(fitSeries(s, acc, mti, pp, settings));
    }
    return metrics.sparkSession().createDataFrame(rows, Tables.SCALING_FITS.schema());
  }

  /**
   * Resolves the series given by {@code trained = <name>}: its points are the post-trained models
   * of that train run ({@code trained_models} rows with base model {@code <name>-base}); an empty
   * held-out list becomes the languages {@code metrics} has for every point model on the benchmark
   * minus every point model's training languages.
   */
  public static ScalingLawSettings resolveTrained(
      ScalingLawSettings settings, List<Row> trainedModels, Dataset<Row> metrics) {
    List<Series> out = new ArrayList<>();
    for (Series s : settings.series()) {
      if (s.trained() == null) {
        out.add(s);
        continue;
      }
      List<Point> points = new ArrayList<>();
      Set<String> trainLangs = new TreeSet<>();
      for (TrainedModels.Model m : TrainedModels.postTrained(trainedModels, s.trained())) {
        points.add(new Point(m.id(), m.n()));
        trainLangs.addAll(m.trainLanguages());
      }
      if (points.isEmpty()) {
        throw new UserException(
            "Scaling-law series "
                + s.name()
                + ": trained_models has no post-trained model of train run "
                + s.trained()
                + " (base model "
                + s.trained()
                + "-base); run train with polyreason.train.name = "
                + s.trained()
                + " first");
      }
      points.sort(Comparator.comparingInt(Point::n).thenComparing(Point::model));
      ScalingLawSettings.requireFittable(
          s.name(), ScalingLawSettings.KEY + ".series", points, settings.fitFrom());
      List<String> heldOut = s.heldOut();
      if (heldOut.isEmpty() && s.metric().equals("heldout-mean")) {
        Accuracies.ByModel acc =
            Accuracies.fromMetrics(metrics, points.stream().map(Point::model).toList());
        Set<String> evaluated = null;
        for (Point p : points) {
          Set<String> langs = new TreeSet<>(acc.of(p.model(), s.benchmark()).keySet());
          if (evaluated == null) {
            evaluated = langs;
          } else {
            evaluated.retainAll(langs);
          }
        }
        evaluated.removeAll(trainLangs);
        if (evaluated.isEmpty()) {
          throw new UserException(
              "Scaling-law series "
                  + s.name()
                  + ": no language of benchmark "
                  + s.benchmark()
                  + " is evaluated for every model of train run "
                  + s.trained()
                  + " and outside their training languages "
                  + trainLangs
                  + "; generate, score and aggregate them on held-out languages first");
        }
        heldOut = List.copyOf(evaluated);
      }
      out.add(s.withPoints(List.copyOf(points), heldOut));
    }
    return new ScalingLawSettings(
        List.copyOf(out),
        settings.fitFrom(),
        settings.form(),
        settings.alternatives(),
        settings.bootstrapSamples(),
        settings.seed(),
        settings.confidence());
  }

  /** One row per form (the primary form first), sharing y, the leap and its CI. */
  static List<Row> fitSeries(
      Series s,
      Accuracies.ByModel acc,
      List<Row> mti,
      Accuracies.PerProblem pp,
      ScalingLawSettings settings) {
    Map<Integer, List<String>> modelsByN = new TreeMap<>();
    for (Point p : s.points()) {
      modelsByN.computeIfAbsent(p.n(), k -> new ArrayList<>()).add(p.model());
    }
    Map<Integer, Double> yByN = new TreeMap<>();
    List<String> langs = null;
    for (var e : modelsByN.entrySet()) {
      double sum = 0.0;
      for (String model : e.getValue()) {
        Point p = new Point(model, e.getKey());
        if (s.metric().equals("mti")) {
          sum += mtiOf(s, p, mti);
        } else {
          Map<String, Double> byLang = acc.of(model, s.benchmark());
          langs = languages(s, p, byLang);
          sum += langs.stream().mapToDouble(byLang::get).average().orElseThrow();
        }
      }
      yByN.put(e.getKey(), sum / e.getValue().size());
    }
    List<Form> forms = settings.forms();
    Resampled ci = langs == null ? null : resample(s, modelsByN, langs, pp, forms, settings);
    List<Row> rows = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    ParallelLaw.Leap leap = ParallelLaw.firstParallelLeap(yByN);
    for (int f = 0; f < forms.size(); f++) {
      Form form = forms.get(f);
      ParallelLaw.Summary summary;
      try {
        summary = ParallelLaw.analyze(s.name(), yByN, form, settings.fitFrom());
      } catch (IllegalArgumentException | IllegalStateException e) {
        // this form cannot describe these points (e.g. y = 0 under a power law): its row says why
        String reason = lower(form) + ": " + e.getMessage();
        failed.add(reason);
        summary = new ParallelLaw.Summary(null, leap, null);
        rows.add(row(s, form, summary, yByN, modelsByN, ci, f, settings, reason));
        continue;
      }
      rows.add(row(s, form, summary, yByN, modelsByN, ci, f, settings, null));
    }
    if (failed.size() == forms.size()) {
      throw new UserException(
          "Scaling-law series " + s.name() + ": no form fits: " + String.join("; ", failed));
    }
    return rows;
  }

  /**
   * Bootstrap intervals of one series: resamples problems (the same draw for every model and
   * language: paired) and, for every N, that N's models (seeds) with replacement. Null when some
   * model lacks per-problem scores in a language y needs.
   */
  record Resampled(
      int problems,
      Map<Integer, Interval> y,
      Interval leap,
      Map<Integer, Map<String, double[]>> byLang,
      List<Interval[]> params) {}

  private static Resampled resample(
      Series s,
      Map<Integer, List<String>> modelsByN,
      List<String> yLangs,
      Accuracies.PerProblem pp,
      List<Form> forms,
      ScalingLawSettings settings) {
    // every language each model has per-problem scores in (the per-language table), y's languages
    // required
    Set<String> langs = null;
    List<Map<String, Map<String, Double>>> perModel = new ArrayList<>();
    for (List<String> ms : modelsByN.values()) {
      for (String m : ms) {
        Map<String, Map<String, Double>> byLang = pp.of(m, s.benchmark());
        if (!byLang.keySet().containsAll(yLangs)) {
          return null;
        }
        perModel.add(byLang);
        if (langs == null) {
          langs = new TreeSet<>(byLang.keySet());
        } else {
          langs.retainAll(byLang.keySet());
        }
      }
    }
    Set<String> problems = Accuracies.commonProblems(perModel, langs);
    if (problems.isEmpty()) {
      return null;
    }
    List<String> allLangs = List.copyOf(langs);
    int[] yIdx = yLangs.stream().mapToInt(allLangs::indexOf).toArray();
    List<Integer> ns = List.copyOf(modelsByN.keySet());
    // vectors[N index][model index][language index][problem]
    double[][][][] vectors = new double[ns.size()][][][];
    for (int i = 0; i < ns.size(); i++) {
      List<String> ms = modelsByN.get(ns.get(i));
      vectors[i] = new double[ms.size()][][];
      for (int m = 0; m < ms.size(); m++) {
        Map<String, Map<String, Double>> byLang = pp.of(ms.get(m), s.benchmark());
        vectors[i][m] =
            allLangs.stream()
                .map(l -> Accuracies.vector(byLang.get(l), problems))
                .toArray(double[][]::new);
      }
    }
    double[] nValues = ns.stream().mapToDouble(Integer::doubleValue).toArray();
    int k = ns.size();
    int l = allLangs.size();
    int leapAt = ns.indexOf(1) >= 0 && ns.indexOf(2) >= 0 ? k : -1;
    // layout: y per N (k) | leap (1) | per N per language (k * l) | a, b, c per form (3 * forms)
    int width = k + 1 + k * l + 3 * forms.size();
    Bootstrap.Result[] r =
        new Bootstrap(settings.seed(), settings.bootstrapSamples(), settings.confidence())
            .resampleManyWith(
                problems.size(),
                (idx, random) -> {
                  double[] out = new double[width];
                  double[] y = new double[k];
                  for (int i = 0; i < k; i++) {
                    double[][][] models = vectors[i];
                    int draws = models.length;
                    double[] langSum = new double[l];
                    for (int d = 0; d < draws; d++) {
                      double[][] model = models[random == null ? d : random.nextInt(draws)];
                      for (int j = 0; j < l; j++) {
                        langSum[j] += mean(model[j], idx);
                      }
                    }
                    double ySum = 0.0;
                    for (int j : yIdx) {
                      ySum += langSum[j] / draws;
                    }
                    y[i] = ySum / yIdx.length;
                    out[i] = y[i];
                    for (int j = 0; j < l; j++) {
                      out[k + 1 + i * l + j] = langSum[j] / draws;
                    }
                  }
                  out[k] = leapAt < 0 ? Double.NaN : y[ns.indexOf(2)] - y[ns.indexOf(1)];
                  for (int f = 0; f < forms.size(); f++) {
                    double[] p =
                        ScalingLawFit.refitParameters(
                            s.name(), nValues, y, forms.get(f), settings.fitFrom());
                    System.arraycopy(p, 0, out, k + 1 + k * l + 3 * f, 3);
                  }
                  return out;
                });
    Map<Integer, Interval> yCi = new TreeMap<>();
    Map<Integer, Map<String, double[]>> byLang = new TreeMap<>();
    for (int i = 0; i < k; i++) {
      yCi.put(ns.get(i), r[i].ci());
      Map<String, double[]> one = new java.util.LinkedHashMap<>();
      for (int j = 0; j < l; j++) {
        Bootstrap.Result x = r[k + 1 + i * l + j];
        one.put(allLangs.get(j), new double[] {x.estimate(), low(x.ci()), high(x.ci())});
      }
      byLang.put(ns.get(i), one);
    }
    List<Interval[]> params = new ArrayList<>();
    for (int f = 0; f < forms.size(); f++) {
      int at = k + 1 + k * l + 3 * f;
      params.add(new Interval[] {r[at].ci(), r[at + 1].ci(), r[at + 2].ci()});
    }
    return new Resampled(problems.size(), yCi, leapAt < 0 ? null : r[k].ci(), byLang, params);
  }

  private static double mean(double[] v, int[] idx) {
    double sum = 0.0;
    for (int i : idx) {
      sum += v[i];
    }
    return sum / idx.length;
  }

  private static Row row(
      Series s,
      Form form,
      ParallelLaw.Summary summary,
      Map<Integer, Double> yByN,
      Map<Integer, List<String>> modelsByN,
      Resampled ci,
      int formIndex,
      ScalingLawSettings settings,
      String fitNullReason) {
    Fit fit = summary.fit();
    Interval[] p = ci == null ? new Interval[3] : ci.params().get(formIndex);
    List<Row> points = new ArrayList<>();
    yByN.forEach(
        (n, y) -> {
          List<Row> langs = null;
          if (ci != null) {
            langs = new ArrayList<>();
            for (var e : ci.byLang().get(n).entrySet()) {
              double[] v = e.getValue();
              langs.add(RowFactory.create(e.getKey(), v[0], nullIfNaN(v[1]), nullIfNaN(v[2])));
            }
          }
          points.add(
              RowFactory.create(
                  n,
                  modelsByN.get(n).get(0),
                  y,
                  fit == null ? null : fit.predict(n),
                  n >= settings.fitFrom(),
                  CollectionConverters.asScala(modelsByN.get(n)).toSeq(),
                  ci == null ? null : low(ci.y().get(n)),
                  ci == null ? null : high(ci.y().get(n)),
                  langs == null ? null : CollectionConverters.asScala(langs).toSeq()));
        });
    return RowFactory.create(
        s.name(),
        s.benchmark(),
        s.metric(),
        lower(form),
        settings.fitFrom(),
        (int) yByN.keySet().stream().filter(n -> n >= settings.fitFrom()).count(),
        fit == null ? null : fit.a(),
        fit == null ? null : fit.b(),
        fit == null ? null : fit.c(),
        fit == null ? null : fit.seA(),
        fit == null ? null : fit.seB(),
        fit == null ? null : fit.seC(),
        low(p[0]),
        high(p[0]),
        low(p[1]),
        high(p[1]),
        fit != null && Double.isFinite(fit.r2()) ? fit.r2() : null,
        fit == null ? null : fit.rmse(),
        fit == null ? null : fit.looError(),
        summary.leap().leap(),
        ci == null ? null : low(ci.leap()),
        ci == null ? null : high(ci.leap()),
        summary.leap().ratio(),
        summary.monolingualGap(),
        ci == null ? null : ci.problems(),
        CollectionConverters.asScala(points).toSeq(),
        fitNullReason);
  }

  private static String lower(Form form) {
    return form.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Double nullIfNaN(double v) {
    return Double.isFinite(v) ? v : null;
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

  private static Double low(Interval i) {
    return i == null || !i.isDefined() ? null : i.low();
  }

  private static Double high(Interval i) {
    return i == null || !i.isDefined() ? null : i.high();
  }
}
