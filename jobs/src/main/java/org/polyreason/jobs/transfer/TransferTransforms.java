package org.polyreason.jobs.transfer;

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
import org.polyreason.udfs.stats.Bootstrap;
import org.polyreason.udfs.stats.Interval;
import org.polyreason.udfs.stats.Transferability;
import org.polyreason.udfs.stats.TransferabilityBootstrap;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code transfer} computation (DESIGN.md, "MTI"), without IO. For each pair and benchmark:
 *
 * <ul>
 *   <li><b>per-problem</b> (source = per-problem) when scores exist for both models: per language,
 *       the per-problem accuracy c/n over all samples, on the problems present for both models in
 *       every evaluated language (aligned by problem_id); MTI and its CI by paired bootstrap
 *       ({@link TransferabilityBootstrap}); MTI is also null when the CI of mean_T Δ contains 0.
 *   <li>otherwise <b>metrics</b> (source = metrics): avg_at_k of the metrics table (external rows
 *       included; a scores-derived row wins over an external one), {@link Transferability}; no CI.
 * </ul>
 *
 * Evaluated languages = languages where both models have data; reasoning-forced rows (think_lang
 * set) are not used. Only the aggregates of the two models of a pair reach the driver.
 */
public final class TransferTransforms {

  private TransferTransforms() {}

  public static Dataset<Row> transfer(
      Dataset<Row> metrics, Dataset<Row> scores, TransferSettings settings) {
    Set<String> models = new TreeSet<>();
    settings
        .pairs()
        .forEach(
            p -> {
              models.add(p.model());
              models.add(p.base());
            });
    Accuracies.ByModel acc = Accuracies.fromMetrics(metrics, models);
    Accuracies.PerProblem perProblem = Accuracies.fromScores(scores, models);
    List<Row> rows = new ArrayList<>();
    for (TransferSettings.Pair pair : settings.pairs()) {
      for (String benchmark : benchmarks(pair, acc, perProblem, metrics, scores)) {
        rows.add(compute(pair, benchmark, acc, perProblem, settings));
      }
    }
    return metrics.sparkSession().createDataFrame(rows, Tables.TRANSFER.schema());
  }

  private static Set<String> benchmarks(
      TransferSettings.Pair pair,
      Accuracies.ByModel acc,
      Accuracies.PerProblem pp,
      Dataset<Row> metrics,
      Dataset<Row> scores) {
    Set<String> ofModel = benchmarksOf(pair.model(), acc, pp);
    Set<String> ofBase = benchmarksOf(pair.base(), acc, pp);
    for (String m : List.of(pair.model(), pair.base())) {
      if (benchmarksOf(m, acc, pp).isEmpty()) {
        Set<String> present = new TreeSet<>(Accuracies.distinct(metrics, "model"));
        present.addAll(Accuracies.distinct(scores, "model"));
        String why =
            present.contains(m)
                ? " has only reasoning-forced rows (think_lang set), which transfer does not use; it needs rows "
                    + "with think_lang unset in metrics or scores"
                : " has no rows with think_lang unset in metrics or scores; models present: "
                    + present;
        throw new UserException("Transfer pair " + pair.describe() + ": model " + m + why);
      }
    }
    if (pair.benchmark() != null) {
      for (var e : Map.of(pair.model(), ofModel, pair.base(), ofBase).entrySet()) {
        if (!e.getValue().contains(pair.benchmark())) {
          throw new UserException(
              "Transfer pair "
                  + pair.describe()
                  + ": model "
                  + e.getKey()
                  + " has no data on "
                  + "benchmark "
                  + pair.benchmark()
                  + "; it has "
                  + e.getValue());
        }
      }
      return Set.of(pair.benchmark());
    }
    Set<String> common = new TreeSet<>(ofModel);
    common.retainAll(ofBase);
    if (common.isEmpty()) {
      throw new UserException(
          "Transfer pair "
              + pair.describe()
              + ": no benchmark in common; "
              + pair.model()
              + " has "
              + ofModel
              + ", "
              + pair.base()
              + " has "
              + ofBase);
    }
    return common;
  }

  private static Set<String> benchmarksOf(
      String model, Accuracies.ByModel acc, Accuracies.PerProblem pp) {
    Set<String> b = new TreeSet<>(acc.benchmarks(model));
    b.addAll(pp.getOrDefault(model, Map.of()).keySet());
    return b;
  }

  static Row compute(
      TransferSettings.Pair pair,
      String benchmark,
      Accuracies.ByModel acc,
      Accuracies.PerProblem pp,
      TransferSettings s) {
    Set<String> train = new TreeSet<>(pair.trainLanguages());
    Map<String, Map<String, Double>> ppModel = pp.of(pair.model(), benchmark);
    Map<String, Map<String, Double>> ppBase = pp.of(pair.base(), benchmark);
    Set<String> ppLangs = new TreeSet<>(ppModel.keySet());
    ppLangs.retainAll(ppBase.keySet());
    Set<String> problems = Accuracies.commonProblems(List.of(ppModel, ppBase), ppLangs);
    if (!ppLangs.isEmpty() && !problems.isEmpty()) {
      Map<String, double[]> vm = new TreeMap<>();
      Map<String, double[]> vb = new TreeMap<>();
      for (String lang : ppLangs) {
        vm.put(lang, Accuracies.vector(ppModel.get(lang), problems));
        vb.put(lang, Accuracies.vector(ppBase.get(lang), problems));
      }
      TransferabilityBootstrap.Result r;
      try {
        r =
            TransferabilityBootstrap.compute(
                vm,
                vb,
                train,
                ppLangs,
                s.mode(),
                s.minDenominator(),
                new Bootstrap(s.seed(), s.bootstrapSamples(), s.confidence()));
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "Transfer pair " + pair.describe() + " on " + benchmark + ": " + e.getMessage(), e);
      }
      return row(pair, benchmark, ppLangs, s, r.point(), r.mtiCi(), problems.size(), "per-problem");
    }
    Map<String, Double> am = acc.of(pair.model(), benchmark);
    Map<String, Double> ab = acc.of(pair.base(), benchmark);
    Set<String> langs = new TreeSet<>(am.keySet());
    langs.retainAll(ab.keySet());
    if (langs.isEmpty()) {
      throw new UserException(
          "Transfer pair "
              + pair.describe()
              + " on "
              + benchmark
              + ": no language has "
              + "accuracies for both models; "
              + pair.model()
              + " has "
              + am.keySet()
              + ", "
              + pair.base()
              + " has "
              + ab.keySet());
    }
    Transferability.Result r =
        Transferability.compute(am, ab, train, langs, s.mode(), s.minDenominator());
    return row(pair, benchmark, langs, s, r, null, null, "metrics");
  }

  private static Row row(
      TransferSettings.Pair pair,
      String benchmark,
      Set<String> evalLangs,
      TransferSettings s,
      Transferability.Result r,
      Interval ci,
      Integer problems,
      String source) {
    boolean hasCi = ci != null && ci.isDefined();
    return RowFactory.create(
        pair.model(),
        pair.base(),
        benchmark,
        scalaList(pair.trainLanguages()),
        scalaList(new ArrayList<>(evalLangs)),
        s.mode().name().toLowerCase(java.util.Locale.ROOT),
        r.mti(),
        hasCi ? ci.low() : null,
        hasCi ? ci.high() : null,
        r.nullReason(),
        r.meanGainTrain(),
        r.meanGainUnseen(),
        r.gapChange(),
        scalaMap(r.gain()),
        scalaMap(r.transferRatio()),
        scalaMap(r.excluded()),
        problems,
        source);
  }

  private static Object scalaList(List<String> list) {
    return CollectionConverters.asScala(list).toSeq();
  }

  private static <V> Object scalaMap(Map<String, V> map) {
    return map == null ? null : CollectionConverters.asScala(new TreeMap<>(map));
  }
}
