package org.polyreason.jobs.aggregate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.polyreason.udfs.stats.Bootstrap;
import org.polyreason.udfs.stats.Interval;
import org.polyreason.udfs.stats.SampleMetrics;
import org.polyreason.udfs.stats.SampleMetrics.ProblemSamples;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reduces the per-problem rows of one (model, benchmark, think_lang) group to its metrics rows: one per
 * language and one {@code lang = ALL}. Runs on an executor inside {@code flatMapGroups}.
 *
 * <ul>
 *   <li>k = the smallest number of samples of any problem of the language (reported in {@code k});
 *       avg@k and maj@k use each problem's first k samples by sample index, pass@k (for each configured k
 *       ≤ that minimum) uses all n samples of each problem ({@link SampleMetrics}).
 *   <li>ci_low/ci_high: seeded percentile bootstrap over problems of the per-problem avg@k. Problems are
 *       sorted by problem_id and every group uses the same seed, so equal inputs give equal intervals.
 *   <li>Rates are shares of all samples of the language: no_answer_rate (verdict no_answer),
 *       truncated_rate (verdict truncated or finish_reason length). off_target_rate is the share of
 *       samples <i>with a detected thinking language</i> whose thinking language is not the expected one
 *       (think_lang when forced, else lang): an undetected language (null thinking_lang, e.g. an empty or
 *       errored trace) is neither on- nor off-target and leaves the denominator, so errors are not
 *       counted as language drift. Null when no sample of the language has a detected thinking language.
 *   <li>ALL: the mean over languages of each per-language value (pass@k over the k every language has);
 *       n_problems = problems present in every language, and the CI is a paired bootstrap over those
 *       problems of the mean over languages of per-problem avg@k (same draw of problems for every
 *       language).
 * </ul>
 */
final class GroupMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private final AggregateSettings settings;

  GroupMetrics(AggregateSettings settings) {
    this.settings = settings;
  }

  /** One language: its problems (sorted by id) and the metric values computed from them. */
  private record Lang(String lang, TreeMap<String, Row> problems, int k, double[] perProblemAvg, Object[] values) {}

  List<Row> reduce(Iterator<Row> rows) {
    Map<String, TreeMap<String, Row>> byLang = new TreeMap<>();
    String model = null;
    String benchmark = null;
    String thinkLang = null;
    Long step = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      model = r.getAs("model");
      benchmark = r.getAs("benchmark");
      thinkLang = r.getAs("think_lang");
      step = r.getAs("step");
      byLang.computeIfAbsent(r.getAs("lang"), l -> new TreeMap<>()).put(r.getAs("problem_id"), r);
    }
    Bootstrap bootstrap = new Bootstrap(settings.seed(), settings.bootstrapSamples(), settings.confidence());
    List<Row> out = new ArrayList<>();
    List<Lang> langs = new ArrayList<>();
    for (var e : byLang.entrySet()) {
      Lang l = language(e.getKey(), e.getValue(), bootstrap);
      langs.add(l);
      out.add(row(model, benchmark, l.lang(), thinkLang, step, l.values()));
    }
    out.add(row(model, benchmark, MetricsTable.ALL, thinkLang, step, all(langs, bootstrap)));
    return out;
  }

  private Lang language(String lang, TreeMap<String, Row> problems, Bootstrap bootstrap) {
    List<ProblemSamples> samples = new ArrayList<>();
    long n = 0;
    long noAnswer = 0;
    long truncated = 0;
    long known = 0;
    long offTarget = 0;
    long tokensSum = 0;
    long tokensN = 0;
    int k = Integer.MAX_VALUE;
    for (Row p : problems.values()) {
      List<Row> s = p.getList(p.fieldIndex("samples"));
      boolean[] correct = new boolean[s.size()];
      String[] answers = new String[s.size()];
      for (int i = 0; i < correct.length; i++) {
        correct[i] = s.get(i).getBoolean(1);
        answers[i] = s.get(i).getString(2);
      }
      samples.add(new ProblemSamples(p.getAs("problem_id"), correct, answers));
      k = Math.min(k, correct.length);
      n += p.<Integer>getAs("n");
      noAnswer += p.<Integer>getAs("no_answer");
      truncated += p.<Integer>getAs("truncated");
      known += p.<Integer>getAs("lang_known");
      offTarget += p.<Integer>getAs("off_target");
      Long ts = p.getAs("tokens_sum");
      tokensSum += ts == null ? 0 : ts;
      tokensN += p.<Long>getAs("tokens_n");
    }
    int kk = k;
    double[] avg = SampleMetrics.perProblem(samples, p -> SampleMetrics.avgAtK(p, kk));
    Bootstrap.Result ci = bootstrap.mean(avg);
    Map<Integer, Double> passAt = new TreeMap<>();
    for (int pk : settings.kList()) {
      if (pk <= k) {
        passAt.put(pk, SampleMetrics.passAtK(samples, pk));
      }
    }
    Object[] values = {problems.size(), k, n, ci.estimate(), finite(ci.ci().low()), finite(ci.ci().high()),
        passAt, SampleMetrics.majAtK(samples, k), (double) noAnswer / n, (double) truncated / n,
        known == 0 ? null : (double) offTarget / known, tokensN == 0 ? null : (double) tokensSum / tokensN};
    return new Lang(lang, problems, k, avg, values);
  }

  private Object[] all(List<Lang> langs, Bootstrap bootstrap) {
    Set<String> common = new TreeSet<>(langs.get(0).problems().keySet());
    langs.forEach(l -> common.retainAll(l.problems().keySet()));
    Interval ci = Interval.UNDEFINED;
    if (!common.isEmpty()) {
      double[][] vectors = new double[langs.size()][];
      for (int j = 0; j < langs.size(); j++) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (String id : langs.get(j).problems().keySet()) {
          index.put(id, index.size());
        }
        double[] full = langs.get(j).perProblemAvg();
        vectors[j] = common.stream().mapToDouble(id -> full[index.get(id)]).toArray();
      }
      ci = bootstrap.paired(vectors, v -> {
        double sum = 0.0;
        for (double[] x : v) {
          double s = 0.0;
          for (double d : x) {
            s += d;
          }
          sum += s / x.length;
        }
        return sum / v.length;
      }).ci();
    }
    Map<Integer, Double> passAt = new TreeMap<>();
    for (int pk : settings.kList()) {
      if (langs.stream().allMatch(l -> passAtOf(l).containsKey(pk))) {
        passAt.put(pk, langs.stream().mapToDouble(l -> passAtOf(l).get(pk)).average().orElseThrow());
      }
    }
    long samples = langs.stream().mapToLong(l -> (Long) l.values()[2]).sum();
    int k = langs.stream().mapToInt(Lang::k).min().orElseThrow();
    return new Object[] {common.size(), k, samples, meanOf(langs, 3), finite(ci.low()), finite(ci.high()),
        passAt, meanOf(langs, 7), meanOf(langs, 8), meanOf(langs, 9), meanOf(langs, 10), meanOf(langs, 11)};
  }

  @SuppressWarnings("unchecked")
  private static Map<Integer, Double> passAtOf(Lang l) {
    return (Map<Integer, Double>) l.values()[6];
  }

  /** Mean over languages of value i, skipping nulls; null when every language has null. */
  private static Double meanOf(List<Lang> langs, int i) {
    var stats = langs.stream().map(l -> (Double) l.values()[i]).filter(v -> v != null)
        .mapToDouble(Double::doubleValue).summaryStatistics();
    return stats.getCount() == 0 ? null : stats.getAverage();
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }

  @SuppressWarnings("unchecked")
  private static Row row(String model, String benchmark, String lang, String thinkLang, Long step,
      Object[] v) {
    Map<Integer, Double> passAt = new LinkedHashMap<>((Map<Integer, Double>) v[6]);
    return RowFactory.create(model, benchmark, lang, thinkLang, v[0], v[1], v[2], v[3], v[4], v[5],
        CollectionConverters.asScala(passAt), v[7], v[8], v[9], v[10], v[11], MetricsTable.SOURCE_SCORES, step);
  }
}
