package org.polyreason.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.polyreason.core.Accuracies;
import org.polyreason.udfs.stats.McNemar;

/**
 * Pure transforms of the {@code aggregate} job (no IO): scores → per-problem rows → metrics and
 * paired.
 *
 * <p>Everything is Spark SQL (no object operators, so RAPIDS can run the whole job on a GPU): the
 * samples of each (model, benchmark, lang, think_lang, step, problem_id) are reduced to one row of
 * numbers per problem (counts, and the first-k counts that avg@k and maj@k need); {@link
 * GroupMetrics} turns those rows into the metrics of every (model, benchmark, think_lang) group,
 * with the Poisson bootstrap of {@link PoissonBootstrap}. Nothing is collected to the driver.
 */
public final class AggregateTransforms {
  private AggregateTransforms() {}

  /** think_lang as a key: null (not forced) becomes a value no language code can take. */
  private static final String UNFORCED = "-";

  /** step as a key: null (not a trainer rollout) becomes a step no trainer writes. */
  private static final long NO_STEP = -1L;

  /** The key of one group of languages: model, benchmark, tl (think_lang), st (step). */
  static final List<String> GROUP = List.of("model", "benchmark", "tl", "st");

  /** The key of one language of a group: {@link #GROUP} and lang. */
  static final List<String> LANG = Stream.concat(GROUP.stream(), Stream.of("lang")).toList();

  /** The checks of scores.first_step_&lt;check&gt; (udfs FirstStep), counted per problem. */
  static final List<String> FIRST_STEP_CHECKS = List.of("operands", "operator", "arithmetic");

  /** The columns of {@link #perProblem}'s rows. */
  static final List<String> PROBLEM =
      List.of(
          "model",
          "benchmark",
          "tl",
          "st",
          "lang",
          "problem_id",
          "k",
          "n",
          "c",
          "no_answer",
          "truncated",
          "lang_known",
          "off_target",
          "tokens_sum",
          "tokens_n",
          "diagnosed",
          "operands_ok",
          "operator_ok",
          "arithmetic_ok",
          "ck",
          "maj");

  /**
   * One row per problem — (model, benchmark, lang, think_lang, step, problem_id) with think_lang
   * and step as the non-null keys {@code tl} ({@link #UNFORCED} when not forced) and {@code st}
   * ({@link #NO_STEP}) — from scores deduplicated by {@code sample_key}: n, c, no_answer, truncated
   * (verdict truncated or finish_reason length), lang_known (samples with a detected thinking
   * language), off_target (detected and not the expected language: think_lang when forced, else
   * lang), tokens_sum, tokens_n, diagnosed (samples with a first-step diagnosis: a worked
   * reference) and operands_ok, operator_ok, arithmetic_ok (those whose first equation passed each
   * check); k = the smallest n of the problem's language; ck = correct samples among the first k by
   * sample index; maj = whether the maj@k winner among those k is correct.
   *
   * <p>Only numbers cross the shuffles: a sample's answer is its 64-bit {@code xxhash64} (null
   * stays null), so the deduplication and the vote count are hash aggregations. Two different
   * answers of one problem count as one only if their hashes collide (probability 2^−64 per pair).
   */
  public static Dataset<Row> perProblem(Dataset<Row> scores) {
    Dataset<Row> withK =
        withKeys(sampleVectors(scores))
            .withColumn("k", min("n").over(Window.partitionBy(cols(LANG))));
    List<String> counts = PROBLEM.subList(0, PROBLEM.indexOf("ck"));
    List<Column> explode = new ArrayList<>(List.of(cols(counts)));
    explode.add(posexplode(col("samples")).as(new String[] {"pos", "s"}));
    List<Column> byAnswer = new ArrayList<>(List.of(cols(counts)));
    byAnswer.add(col("s.answer").as("answer"));
    return withK
        .select(explode.toArray(Column[]::new))
        .where(col("pos").lt(col("k")))
        .groupBy(byAnswer.toArray(Column[]::new))
        .agg(
            expr("sum(IF(s.correct, 1, 0))").as("ck"),
            expr("count(*)").cast("long").as("votes"),
            // the answer's earliest sample: 2·pos + (1 if that sample is correct)
            expr("min(2L * pos + IF(coalesce(s.correct, false), 1L, 0L))").as("first"))
        .groupBy(cols(counts))
        .agg(
            expr("CAST(sum(ck) AS INT)").as("ck"),
            // order: most votes, then the smallest earliest index; the correctness bit last. Null
            // answers do not vote. Numbers, not structs, so that the aggregation hashes (a struct
            // min/max makes Spark sort every sample).
            expr("max(IF(answer IS NULL, NULL, shiftleft(votes, 33) + "
                    + (2L * Integer.MAX_VALUE)
                    + "L - first + 2L * (first % 2L)))")
                .as("winner"))
        .withColumn("maj", expr("coalesce(winner % 2L = 1L, false)"))
        .drop("winner")
        // The samples are spread by language (the window); the problems end partitioned by group:
        // every statistic of GroupMetrics groups or joins by keys that contain the group, and so
        // does paired's self-join, so they run on these rows without another shuffle.
        .repartition(cols(GROUP));
  }

  /**
   * One row per problem group with its counts and the vector of (sample_idx, correct, answer hash)
   * of its samples, sorted by sample_idx (unique per problem after the deduplication): {@code
   * sort_array} of structs led by sample_idx, not {@code array_sort}, whose comparator lambda keeps
   * the aggregation off a GPU.
   */
  static Dataset<Row> sampleVectors(Dataset<Row> scores) {
    Map<String, Column> values = new LinkedHashMap<>();
    values.put("sample_idx", col("sample_idx"));
    values.put("correct", col("correct"));
    values.put("answer", expr("IF(extracted_answer IS NULL, NULL, xxhash64(extracted_answer))"));
    values.put("no_answer", expr("IF(verdict = 'no_answer', 1, 0)"));
    values.put("truncated", expr("IF(verdict = 'truncated' OR finish_reason = 'length', 1, 0)"));
    values.put("lang_known", expr("IF(thinking_lang IS NOT NULL, 1, 0)"));
    values.put(
        "off_target",
        expr(
            "IF(thinking_lang IS NOT NULL AND thinking_lang <> coalesce(think_lang, lang), 1, 0)"));
    values.put("tokens", col("completion_tokens"));
    values.put("diagnosed", expr("IF(first_step_operator IS NULL, 0, 1)"));
    for (String check : FIRST_STEP_CHECKS) {
      values.put(check + "_ok", expr("IF(coalesce(first_step_" + check + ", false), 1, 0)"));
    }
    return Accuracies.samples(scores, values)
        .groupBy(Accuracies.problemGroup())
        .agg(
            expr("count(*)").cast("int").as("n"),
            expr("sum(IF(correct, 1, 0))").cast("int").as("c"),
            expr("sum(no_answer)").cast("int").as("no_answer"),
            expr("sum(truncated)").cast("int").as("truncated"),
            expr("sum(lang_known)").cast("int").as("lang_known"),
            expr("sum(off_target)").cast("int").as("off_target"),
            expr("sum(tokens)").cast("long").as("tokens_sum"),
            expr("count(tokens)").cast("long").as("tokens_n"),
            expr("sum(diagnosed)").cast("int").as("diagnosed"),
            expr("sum(operands_ok)").cast("int").as("operands_ok"),
            expr("sum(operator_ok)").cast("int").as("operator_ok"),
            expr("sum(arithmetic_ok)").cast("int").as("arithmetic_ok"),
            expr("sort_array(collect_list(struct(sample_idx, correct, answer)))").as("samples"));
  }

  /**
   * think_lang and step as the non-null keys tl and st ({@link #thinkLang}, {@link #step} undo it).
   */
  private static Dataset<Row> withKeys(Dataset<Row> problems) {
    return problems
        .withColumn("tl", expr("coalesce(think_lang, '" + UNFORCED + "')"))
        .withColumn("st", expr("coalesce(CAST(step AS BIGINT), " + NO_STEP + "L)"));
  }

  /**
   * The metrics rows (source = scores) of every language plus the {@code ALL} row per group, from
   * the rows of {@link #perProblem} (read several times: persist them).
   */
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
    // steps are pooled in one row, as paired has no step column
    Dataset<Row> pp =
        perProblem.select(
            col("model"),
            col("benchmark"),
            col("lang"),
            col("tl"),
            col("st"),
            col("problem_id"),
            expr("2 * c >= n").as("ok"));
    Dataset<Row> ref =
        pp.filter(col("lang").equalTo(lit(referenceLanguage)))
            .select(
                col("model").as("r_model"),
                col("benchmark").as("r_benchmark"),
                col("tl").as("r_tl"),
                col("st").as("r_st"),
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
                .and(col("tl").equalTo(col("r_tl")))
                .and(col("st").equalTo(col("r_st")))
                .and(col("problem_id").equalTo(col("r_problem_id"))))
        .groupBy("model", "benchmark", "tl", "lang")
        .agg(
            expr("count(*)").cast("int").as("n_problems"),
            expr("sum(IF(ok AND r_ok, 1, 0))").cast("int").as("both_correct"),
            expr("sum(IF(r_ok AND NOT ok, 1, 0))").cast("int").as("only_reference"),
            expr("sum(IF(ok AND NOT r_ok, 1, 0))").cast("int").as("only_target"),
            expr("sum(IF(NOT ok AND NOT r_ok, 1, 0))").cast("int").as("neither"))
        .withColumn("reference_lang", lit(referenceLanguage))
        .withColumn("mcnemar_p", mcnemar.apply(col("only_reference"), col("only_target")))
        .select(
            col("model"),
            col("benchmark"),
            thinkLang(),
            col("lang"),
            col("reference_lang"),
            col("n_problems"),
            col("both_correct"),
            col("only_reference"),
            col("only_target"),
            col("neither"),
            col("mcnemar_p"));
  }

  /** think_lang from the key tl: null where not forced. */
  static Column thinkLang() {
    return expr("IF(tl = '" + UNFORCED + "', NULL, tl)").as("think_lang");
  }

  /** step from the key st: null where not a trainer rollout. */
  static Column step() {
    return expr("IF(st = " + NO_STEP + ", NULL, st)").as("step");
  }

  static Column[] cols(List<String> names) {
    return names.stream().map(n -> col(n)).toArray(Column[]::new);
  }
}
