package org.polyreason.jobs.score;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.polyreason.core.Tables;
import org.polyreason.udfs.scoring.AnswerExtractor;
import org.polyreason.udfs.scoring.AnswerScorer;
import org.polyreason.udfs.scoring.FirstStep;

/** Pure transforms of the score job (no IO). */
public final class ScoreTransforms {
  private ScoreTransforms() {}

  /**
   * Generations deduplicated by sample_key (readers must not count a sample twice): a usable row
   * wins over an error row of the same key (errors are retried by generate), then the newest.
   */
  public static Dataset<Row> dedupe(Dataset<Row> generations) {
    var w =
        org.apache.spark.sql.expressions.Window.partitionBy("sample_key")
            .orderBy(
                org.apache
                    .spark
                    .sql
                    .functions
                    .when(col("finish_reason").equalTo("error"), 1)
                    .otherwise(0),
                col("created_at").desc());
    return generations
        .withColumn("_rank", org.apache.spark.sql.functions.row_number().over(w))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /** True when some sample_key occurs more than once (reads the key column only). */
  public static boolean hasDuplicateKeys(Dataset<Row> generations) {
    return !generations.groupBy("sample_key").count().filter(col("count").gt(1)).limit(1).isEmpty();
  }

  /**
   * Generations that need (re)scoring: those without a score made by the current checker version.
   */
  public static Dataset<Row> pending(
      Dataset<Row> generations, Dataset<Row> scores, String checkerVersion) {
    Dataset<Row> current =
        scores.filter(col("checker_version").equalTo(checkerVersion)).select("sample_key");
    return Tables.SCORES.notIn(generations, current);
  }

  /**
   * Adds the reference answer: {@code gold_answer}, {@code gold_kind} and the answer as written,
   * {@code gold_worked} (the worked answer where the benchmark has one; null when no problem
   * matches).
   */
  public static Dataset<Row> withGold(Dataset<Row> generations, Dataset<Row> problems) {
    // problems written by ingest since checker 2.0 carry the canonical answer the engine parses
    org.apache.spark.sql.Column answer =
        java.util.Arrays.asList(problems.columns()).contains("answer_canonical")
            ? org.apache.spark.sql.functions.coalesce(col("answer_canonical"), col("answer"))
            : col("answer");
    Dataset<Row> gold =
        problems.select(
            col("benchmark").as("g_benchmark"),
            col("lang").as("g_lang"),
            col("problem_id").as("g_problem_id"),
            answer.as("gold_answer"),
            col("answer_kind").as("gold_kind"),
            col("raw_answer").as("gold_worked"));
    return generations
        .join(
            gold,
            generations
                .col("benchmark")
                .equalTo(gold.col("g_benchmark"))
                .and(generations.col("lang").equalTo(gold.col("g_lang")))
                .and(generations.col("problem_id").equalTo(gold.col("g_problem_id"))),
            "left")
        .drop("g_benchmark", "g_lang", "g_problem_id");
  }

  /**
   * Scores every row on the executors, streaming: one {@link Tables#SCORES_SCHEMA} row per
   * generation. A generation whose finish_reason is {@code error} keeps the verdict {@code error};
   * one that hit the token limit ({@code length}) is {@code truncated} whatever was extracted (the
   * answer, if any, is kept in extracted_answer); a generation with no matching problem is {@code
   * error}; a row whose scoring threw is {@code error} with the exception in the {@code error}
   * column (never a failed task).
   */
  public static Dataset<Row> score(Dataset<Row> withGold, boolean detectLanguage) {
    Timestamp now = Timestamp.from(Instant.now());
    MapPartitionsFunction<Row, Row> fn =
        rows ->
            new Iterator<>() {
              public boolean hasNext() {
                return rows.hasNext();
              }

              public Row next() {
                return scoreOne(rows.next(), detectLanguage, now);
              }
            };
    return withGold.mapPartitions(fn, Encoders.row(Tables.SCORES_SCHEMA));
  }

  /** Rows whose scoring threw (not failed generations, not rows without a problem). */
  public static org.apache.spark.sql.Column scoringFailed() {
    return col("verdict")
        .equalTo(AnswerScorer.ERROR)
        .and(col("finish_reason").notEqual("error"))
        .and(col("extraction_rule").notEqual("no_problem"))
        .and(col("error").isNotNull());
  }

  static Row scoreOne(Row r, boolean detectLanguage, Timestamp now) {
    String lang = r.getAs("lang");
    String thinkLang = r.getAs("think_lang");
    String finish = r.getAs("finish_reason");
    String expected = thinkLang != null ? thinkLang : lang;
    AnswerScorer.ScoreResult s;
    if ("error".equals(finish)) {
      s = AnswerScorer.ScoreResult.error(AnswerExtractor.NONE, "generation failed");
    } else if (r.getAs("gold_answer") == null) {
      s =
          AnswerScorer.ScoreResult.error(
              "no_problem", "no problem matches benchmark, lang and problem_id");
    } else {
      s =
          AnswerScorer.score(
              r.getAs("text"),
              r.getAs("gold_answer"),
              r.getAs("gold_kind"),
              expected,
              detectLanguage);
      if ("length".equals(finish) && !AnswerScorer.TRUNCATED.equals(s.verdict())) {
        s = s.asTruncated();
      }
    }
    List<Object> v = new ArrayList<>(27);
    v.add(r.getAs("sample_key"));
    v.add(r.getAs("problem_id"));
    v.add(thinkLang);
    v.add(r.getAs("sample_idx"));
    v.add(finish);
    v.add(r.getAs("completion_tokens"));
    v.add(s.extractedAnswer());
    v.add(s.extractionRule());
    v.add(s.verdict());
    v.add(s.correct());
    v.add(s.thinkingLang());
    v.add(s.answerLang());
    v.add(s.langConsistent());
    v.add(s.thinkingTargetShare());
    v.add(s.consistentPolymath());
    v.add(s.consistentXreasoning());
    v.add(s.consistentStrict());
    FirstStep.Result step =
        "error".equals(finish) ? null : FirstStep.check(r.getAs("gold_worked"), r.getAs("text"));
    v.add(step == null ? null : step.operands());
    v.add(step == null ? null : step.operator());
    v.add(step == null ? null : step.arithmetic());
    v.add(s.error());
    v.add(AnswerScorer.CHECKER_VERSION);
    v.add(now);
    v.add(r.getAs("step"));
    v.add(r.getAs("model"));
    v.add(r.getAs("benchmark"));
    v.add(lang);
    return RowFactory.create(v.toArray());
  }
}
