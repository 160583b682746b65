package org.polyreason.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.polyreason.core.MetricsTable;

/**
 * The metrics rows of every (model, benchmark, think_lang) group — one per language and one {@code
 * lang = ALL} — from the per-problem rows of {@link AggregateTransforms#perProblem}, in Spark SQL
 * only (no object operators, so RAPIDS can run it on a GPU; the statistics are those of {@code
 * udfs.stats.SampleMetrics}).
 *
 * <ul>
 *   <li>k = the smallest number of samples of any problem of the language (reported in {@code k});
 *       avg@k and maj@k use each problem's first k samples by sample index, pass@k (for each
 *       configured k ≤ that minimum) uses all n samples of each problem: 1 − ∏_{i=n−c+1}^{n} (1 −
 *       k/i).
 *   <li>maj@k: the most frequent extracted answer among the first k samples wins; ties go to the
 *       answer whose earliest sample index is smallest; samples without an answer do not vote; a
 *       problem with no vote counts as wrong. The winner is correct iff its earliest sample is.
 *       Answers are compared by their 64-bit hash ({@link AggregateTransforms#perProblem}).
 *   <li>ci_low/ci_high: seeded Poisson(1) percentile bootstrap over problems of the per-problem
 *       avg@k, drawn per value class ({@link PoissonBootstrap}); equal inputs and seed give equal
 *       intervals.
 *   <li>Rates are shares of all samples of the language: no_answer_rate (verdict no_answer),
 *       truncated_rate (verdict truncated or finish_reason length). off_target_rate is the share of
 *       samples <i>with a detected thinking language</i> whose thinking language is not the
 *       expected one (think_lang when forced, else lang): an undetected language (null
 *       thinking_lang, e.g. an empty or errored trace) is neither on- nor off-target and leaves the
 *       denominator, so errors are not counted as language drift. Null when no sample of the
 *       language has a detected thinking language.
 *   <li>ALL: the mean over languages of each per-language value (pass@k over the k every language
 *       has; nulls skipped); n_problems = problems present in every language, and the CI is the
 *       paired bootstrap over those problems of the mean over languages of per-problem avg@k (a
 *       problem is one unit, drawn once for all its languages). That per-problem mean is carried in
 *       fixed point (2^−32), so the ALL interval is exact to about 1e−10.
 * </ul>
 */
final class GroupMetrics {
  private static final List<String> GROUP = AggregateTransforms.GROUP;
  private static final List<String> LANG = AggregateTransforms.LANG;

  /** The first-step rates (udfs FirstStep), shares of the samples that have a diagnosis. */
  private static final List<String> FIRST_STEP_RATES =
      AggregateTransforms.FIRST_STEP_CHECKS.stream().map(GroupMetrics::firstStepRate).toList();

  /** The metrics column of one first-step check: first_step_&lt;check&gt;_rate. */
  private static String firstStepRate(String check) {
    return "first_step_" + check + "_rate";
  }

  private GroupMetrics() {}

  static Dataset<Row> metrics(Dataset<Row> problems, AggregateSettings settings) {
    Dataset<Row> langs = languages(problems, settings.kList());
    Dataset<Row> nLangs =
        langs.groupBy(AggregateTransforms.cols(GROUP)).agg(expr("count(*)").as("n_langs"));
    // Problems present in every language of their group, with the sum over languages of avg@k.
    Dataset<Row> common =
        problems
            .groupBy(
                AggregateTransforms.cols(List.of("model", "benchmark", "tl", "st", "problem_id")))
            .agg(
                expr("count(*)").as("nl"),
                expr("sum(CAST(round(ck / k * " + PoissonBootstrap.FIXED_ONE + "D) AS BIGINT))")
                    .as("num"))
            .join(nLangs, asSeq(GROUP))
            .where(col("nl").equalTo(col("n_langs")))
            .select(
                col("model"),
                col("benchmark"),
                col("tl"),
                col("st"),
                lit(MetricsTable.ALL).as("lang"),
                col("problem_id"),
                col("num"),
                col("n_langs").multiply(PoissonBootstrap.FIXED_ONE).as("den"));
    Dataset<Row> bootstrapInput =
        problems
            .select(
                col("model"),
                col("benchmark"),
                col("tl"),
                col("st"),
                col("lang"),
                col("problem_id"),
                col("ck").cast("long").as("num"),
                col("k").cast("long").as("den"))
            .unionByName(common);
    Dataset<Row> ci =
        PoissonBootstrap.intervals(
            bootstrapInput,
            LANG,
            settings.bootstrapSamples(),
            settings.seed(),
            settings.confidence());
    Dataset<Row> commonCount =
        common.groupBy(AggregateTransforms.cols(GROUP)).agg(expr("count(*)").as("n_common"));
    Dataset<Row> all =
        all(langs, settings.kList())
            .join(commonCount, asSeq(GROUP), "left")
            .withColumn("n_problems", expr("CAST(coalesce(n_common, 0) AS INT)"))
            .drop("n_common");
    List<Column> out =
        new ArrayList<>(
            List.of(
                col("model"),
                col("benchmark"),
                col("lang"),
                AggregateTransforms.thinkLang(),
                col("n_problems"),
                col("k"),
                col("n_samples"),
                col("avg_at_k"),
                col("ci_low"),
                col("ci_high"),
                passAtMap(settings.kList()).as("pass_at")));
    Stream.of(
            "maj_at_k",
            "no_answer_rate",
            "truncated_rate",
            "off_target_rate",
            "mean_completion_tokens")
        .forEach(c -> out.add(col(c)));
    FIRST_STEP_RATES.forEach(c -> out.add(col(c)));
    out.add(lit(MetricsTable.SOURCE_SCORES).as("source"));
    out.add(AggregateTransforms.step());
    return langs.unionByName(all).join(ci, asSeq(LANG), "left").select(out.toArray(Column[]::new));
  }

  /** One row per language: the per-language metrics and one column p_&lt;k&gt; per configured k. */
  private static Dataset<Row> languages(Dataset<Row> problems, List<Integer> kList) {
    List<Column> aggs =
        new ArrayList<>(
            List.of(
                expr("count(*)").cast("int").as("n_problems"),
                expr("min(k)").cast("int").as("k"),
                expr("sum(n)").cast("long").as("n_samples"),
                expr("sum(ck) / (min(k) * count(*))").as("avg_at_k"),
                expr("sum(IF(maj, 1, 0)) / count(*)").as("maj_at_k"),
                expr("sum(no_answer) / sum(n)").as("no_answer_rate"),
                expr("sum(truncated) / sum(n)").as("truncated_rate"),
                expr("IF(sum(lang_known) = 0, NULL, sum(off_target) / sum(lang_known))")
                    .as("off_target_rate"),
                expr("IF(sum(tokens_n) = 0, NULL, coalesce(sum(tokens_sum), 0) / sum(tokens_n))")
                    .as("mean_completion_tokens")));
    for (String check : AggregateTransforms.FIRST_STEP_CHECKS) {
      aggs.add(
          expr("IF(sum(diagnosed) = 0, NULL, sum(" + check + "_ok) / sum(diagnosed))")
              .as(firstStepRate(check)));
    }
    for (int pk : kList) {
      aggs.add(expr("avg(IF(k >= " + pk + ", " + passAtK(pk) + ", NULL))").as("p_" + pk));
    }
    return problems
        .groupBy(AggregateTransforms.cols(LANG))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** Unbiased pass@k of one problem from n and c, as SampleMetrics.passAtK computes it. */
  static String passAtK(int k) {
    return String.format(
        Locale.ROOT,
        "CASE WHEN c = 0 THEN 0.0D WHEN n - c < %1$d THEN 1.0D"
            + " ELSE 1.0D - aggregate(sequence(n - c + 1, n), 1.0D, (a, i) -> a * (1.0D - %1$d.0D / i))"
            + " END",
        k);
  }

  /** The ALL row of each group from its language rows (n_problems joined in later). */
  private static Dataset<Row> all(Dataset<Row> langs, List<Integer> kList) {
    List<Column> aggs =
        new ArrayList<>(List.of(expr("min(k)").as("k"), expr("sum(n_samples)").as("n_samples")));
    Stream.concat(
            Stream.of(
                "avg_at_k",
                "maj_at_k",
                "no_answer_rate",
                "truncated_rate",
                "off_target_rate",
                "mean_completion_tokens"),
            FIRST_STEP_RATES.stream())
        .forEach(c -> aggs.add(expr(exactMean(c)).as(c)));
    for (int pk : kList) {
      aggs.add(
          expr("IF(count(p_" + pk + ") = count(*), " + exactMean("p_" + pk) + ", NULL)")
              .as("p_" + pk));
    }
    return langs
        .groupBy(AggregateTransforms.cols(GROUP))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .withColumn("lang", lit(MetricsTable.ALL));
  }

  /**
   * Mean of a double column over a group's languages, summed as decimals: exact whatever order the
   * rows arrive in (a double sum's last bit would depend on it), and as close as a compensated sum.
   */
  private static String exactMean(String column) {
    return "CAST(avg(CAST(" + column + " AS DECIMAL(38, 18))) AS DOUBLE)";
  }

  /** map k → p_k of the k whose p_k is not null, in increasing k. */
  private static Column passAtMap(List<Integer> kList) {
    StringBuilder entries = new StringBuilder();
    for (int pk : kList) {
      entries
          .append(entries.isEmpty() ? "" : ", ")
          .append(
              String.format(
                  Locale.ROOT,
                  "IF(p_%1$d IS NULL, NULL, named_struct('key', %1$d, 'value', p_%1$d))",
                  pk));
    }
    return expr("map_from_entries(array_compact(array(" + entries + ")))");
  }

  private static scala.collection.immutable.Seq<String> asSeq(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toList();
  }
}
