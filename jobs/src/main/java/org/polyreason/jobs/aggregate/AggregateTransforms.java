package org.polyreason.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.polyreason.core.Accuracies;
import org.polyreason.udfs.stats.McNemar;

/**
 * Pure transforms of the {@code aggregate} job (no IO): scores → per-problem rows → metrics and
 * paired.
 *
 * <p>Everything is Spark SQL (no object operators, so RAPIDS can run the whole job on a GPU): the
 * samples of each (model, benchmark, lang, think_lang, problem_id) are reduced to counts plus the
 * small sample-ordered vector of (sample_idx, correct, extracted_answer) that maj@k needs; {@link
 * GroupMetrics} turns those rows into the metrics of every (model, benchmark, think_lang) group,
 * with the Poisson bootstrap of {@link PoissonBootstrap}. Nothing is collected to the driver.
 */
public final class AggregateTransforms {
  private AggregateTransforms() {}

  /**
   * One row per (model, benchmark, lang, think_lang, problem_id) from scores deduplicated by {@code
   * sample_key}: n, c, no_answer, truncated (verdict truncated or finish_reason length), lang_known
   * (samples with a detected thinking language), off_target (detected and not the expected
   * language: think_lang when forced, else lang), tokens_sum, tokens_n, and samples sorted by
   * sample_idx.
   *
   * <p>Plain SQL aggregates only, so that RAPIDS can run the whole reduction on a GPU: the sample
   * vector is {@code sort_array} of structs led by sample_idx (unique per problem after the
   * deduplication), not {@code array_sort}, whose comparator lambda keeps the aggregation on the
   * CPU.
   */
  public static Dataset<Row> perProblem(Dataset<Row> scores) {
    return Accuracies.problemGroups(scores)
        .agg(
            expr("count(*)").cast("int").as("n"),
            expr("sum(IF(correct, 1, 0))").cast("int").as("c"),
            expr("sum(IF(verdict = 'no_answer', 1, 0))").cast("int").as("no_answer"),
            expr("sum(IF(verdict = 'truncated' OR finish_reason = 'length', 1, 0))")
                .cast("int")
                .as("truncated"),
            expr("sum(IF(thinking_lang IS NOT NULL, 1, 0))").cast("int").as("lang_known"),
            expr("sum(IF(thinking_lang IS NOT NULL AND thinking_lang <> coalesce(think_lang, lang), 1, 0))")
                .cast("int")
                .as("off_target"),
            expr("sum(completion_tokens)").cast("long").as("tokens_sum"),
            expr("count(completion_tokens)").cast("long").as("tokens_n"),
            expr("sort_array(collect_list(struct(sample_idx, correct, extracted_answer)))")
                .as("samples"));
  }

  /** The metrics rows (source = scores) of every language plus the {@code ALL} row per group. */
  public static Dataset<Row> metrics(Dataset<Row> perProblem, AggregateSettings settings) {
    return GroupMetrics.metrics(perProblem, settings);
  }

  /**
   * Per (model, benchmark, think_lang, lang ≠ reference): problems present in both languages,
   * counted by per-problem correctness, and McNemar's exact p-value on (only_reference,
   * only_target). A problem is correct in a language when at least half of its samples are (c ≥
   * n/2; with one sample: that sample).
   */
  public static Dataset<Row> paired(Dataset<Row> perProblem, String referenceLanguage) {
    // step (imported trainer rollouts) pairs a problem with itself at the same step; pairs of all
    // steps
    // are pooled in one row, as paired has no step column
    Dataset<Row> pp =
        perProblem.select(
            col("model"),
            col("benchmark"),
            col("lang"),
            col("think_lang"),
            col("step"),
            col("problem_id"),
            expr("2 * c >= n").as("ok"));
    Dataset<Row> ref =
        pp.filter(col("lang").equalTo(lit(referenceLanguage)))
            .select(
                col("model").as("r_model"),
                col("benchmark").as("r_benchmark"),
                col("think_lang").as("r_think_lang"),
                col("step").as("r_step"),
                col("problem_id").as("r_problem_id"),
                col("ok").as("r_ok"));
    UserDefinedFunction mcnemar =
        udf((UDF2<Integer, Integer, Double>) McNemar::exactPValue, DataTypes.DoubleType);
    return pp.filter(col("lang").notEqual(lit(referenceLanguage)))
        .join(
            ref,
            col("model")
                .equalTo(col("r_model"))
                .and(col("benchmark").equalTo(col("r_benchmark")))
                .and(col("think_lang").eqNullSafe(col("r_think_lang")))
                .and(col("step").eqNullSafe(col("r_step")))
                .and(col("problem_id").equalTo(col("r_problem_id"))))
        .groupBy("model", "benchmark", "think_lang", "lang")
        .agg(
            expr("count(*)").cast("int").as("n_problems"),
            expr("sum(IF(ok AND r_ok, 1, 0))").cast("int").as("both_correct"),
            expr("sum(IF(r_ok AND NOT ok, 1, 0))").cast("int").as("only_reference"),
            expr("sum(IF(ok AND NOT r_ok, 1, 0))").cast("int").as("only_target"),
            expr("sum(IF(NOT ok AND NOT r_ok, 1, 0))").cast("int").as("neither"))
        .withColumn("reference_lang", lit(referenceLanguage))
        .withColumn("mcnemar_p", mcnemar.apply(col("only_reference"), col("only_target")))
        .select(
            "model",
            "benchmark",
            "think_lang",
            "lang",
            "reference_lang",
            "n_problems",
            "both_correct",
            "only_reference",
            "only_target",
            "neither",
            "mcnemar_p");
  }
}
