package org.polyreason.jobs.paralleldata;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.polyreason.common.Languages;
import org.polyreason.core.GlobalOrder;
import org.polyreason.core.TrainerLayouts;

/**
 * Pure transforms of the parallel-data job (no IO): the problem pool, its seeded order, the sets of
 * both designs with their train/validation split by problem, the leakage check and the trainer
 * layouts.
 */
public final class ParallelDataTransforms {
  private ParallelDataTransforms() {}

  /**
   * Question text for the leakage comparison: NFKC, lower case, letters and digits only (so
   * spacing, punctuation and thousands separators do not hide a copy: "2,125 apples ." equals "2125
   * Apples").
   */
  public static String normalizeQuestion(String q) {
    if (q == null) {
      return null;
    }
    String n = Normalizer.normalize(q, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(n.length());
    n.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.toString();
  }

  private static final UserDefinedFunction NORMALIZE =
      udf(
          (org.apache.spark.sql.api.java.UDF1<String, String>)
              ParallelDataTransforms::normalizeQuestion,
          DataTypes.StringType);

  /**
   * Problems of the configured benchmarks that exist in every one of the first {@code maxN}
   * languages: one row per (benchmark, problem_id). Sets of every N draw from this one pool, so a
   * smaller set's problems are a prefix of the same order.
   */
  public static Dataset<Row> pool(Dataset<Row> problems, ParallelDataSettings s) {
    int maxN = s.nList().stream().mapToInt(Integer::intValue).max().orElse(1);
    List<String> langs = s.languages().subList(0, maxN);
    return problems
        .filter(col("benchmark").isin(s.benchmarks().toArray()))
        .filter(col("lang").isin(langs.toArray()))
        .groupBy("benchmark", "problem_id")
        .agg(countDistinct("lang").as("n_langs"))
        .filter(col("n_langs").equalTo(maxN))
        .drop("n_langs");
  }

  /**
   * Leakage of training problems into evaluation problems: same benchmark and problem id, or the
   * same normalised question text (any language, any benchmark). One row per (training problem,
   * evaluation problem, kind); kind = {@code id} or {@code text}.
   */
  public static Dataset<Row> leakage(Dataset<Row> trainProblems, Dataset<Row> evalProblems) {
    Dataset<Row> t =
        trainProblems.select(
            col("benchmark"),
            col("problem_id"),
            col("lang"),
            NORMALIZE.apply(col("question")).as("norm"));
    Dataset<Row> e =
        evalProblems.select(
            col("benchmark").as("eval_benchmark"),
            col("problem_id").as("eval_problem_id"),
            col("lang").as("eval_lang"),
            NORMALIZE.apply(col("question")).as("eval_norm"));
    Dataset<Row> byId =
        t.join(
                e,
                t.col("benchmark")
                    .equalTo(e.col("eval_benchmark"))
                    .and(t.col("problem_id").equalTo(e.col("eval_problem_id"))))
            .select(
                col("benchmark"),
                col("problem_id"),
                col("eval_benchmark"),
                col("eval_problem_id"),
                lit("id").as("kind"));
    Dataset<Row> byText =
        t.filter(col("norm").notEqual(""))
            .join(e, t.col("norm").equalTo(e.col("eval_norm")))
            .select(
                col("benchmark"),
                col("problem_id"),
                col("eval_benchmark"),
                col("eval_problem_id"),
                lit("text").as("kind"));
    return byId.unionByName(byText).distinct();
  }

  /** The pool in its seeded order: {@code rank} 1.. by SHA-256 of (seed, benchmark, problem_id). */
  public static Dataset<Row> ordered(Dataset<Row> pool, long seed) {
    Column h =
        sha2(
            concat_ws(
                "|", lit("order"), lit(Long.toString(seed)), col("benchmark"), col("problem_id")),
            256);
    return GlobalOrder.withRowNumber(
            pool.withColumn("_h", h), "rank", col("_h"), col("benchmark"), col("problem_id"))
        .drop("_h");
  }

  /**
   * The problems of set N: the first {@code problemsFor(N)} of the order, each with its split.
   * Exactly round(P · val-fraction) of them are validation problems, chosen by a second seeded
   * hash, so a problem is in one split in all its languages.
   */
  public static Dataset<Row> setProblems(Dataset<Row> ordered, ParallelDataSettings s, int n) {
    int p = s.problemsFor(n);
    long val = Math.round(p * s.valFraction());
    Column h =
        sha2(
            concat_ws(
                "|",
                lit("split"),
                lit(Long.toString(s.seed())),
                col("benchmark"),
                col("problem_id")),
            256);
    return GlobalOrder.withRowNumber(
            ordered.filter(col("rank").leq(p)).withColumn("_s", h), "_v", col("_s"), col("rank"))
        .withColumn("split", when(col("_v").leq(val), lit("val")).otherwise(lit("train")))
        .drop("_s", "_v");
  }

  /**
   * Rows of set N: each chosen problem in the first N languages, with its prompt (a chat list of
   * {role, content}) and {@code idx}, numbered within the split by (problem order, language order).
   */
  public static Dataset<Row> setRows(
      Dataset<Row> setProblems, Dataset<Row> problems, ParallelDataSettings s, int n) {
    List<String> langs = s.languages().subList(0, n);
    Column langPos = lit(0);
    for (int i = 0; i < langs.size(); i++) {
      langPos = when(col("lang").equalTo(langs.get(i)), lit(i)).otherwise(langPos);
    }
    Dataset<Row> p =
        problems
            .filter(col("lang").isin(langs.toArray()))
            .select("benchmark", "problem_id", "lang", "question", "answer", "answer_kind");
    Dataset<Row> joined = setProblems.join(p, new String[] {"benchmark", "problem_id"});
    Column user = userMessage(col("question"), col("lang"), s);
    return joined
        .withColumn(
            "idx",
            row_number()
                .over(Window.partitionBy("split").orderBy(col("rank"), langPos))
                .minus(1)
                .cast("long"))
        .select(
            lit(s.setName(n)).as("set"),
            lit(s.design()).as("design"),
            lit(n).as("n"),
            col("split"),
            col("idx"),
            dataSource(s).as("data_source"),
            col("benchmark"),
            col("problem_id"),
            col("lang"),
            col("lang").as("think_lang"),
            concat_ws("/", col("benchmark"), col("problem_id")).as("parallel_group"),
            col("question"),
            col("answer"),
            col("answer_kind"),
            TrainerLayouts.userPrompt(user).as("prompt"));
  }

  private static Column dataSource(ParallelDataSettings s) {
    String[] parts = s.dataSource().split("\\{benchmark\\}", -1);
    Column c = lit(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      c = concat_ws("", c, col("benchmark"), lit(parts[i]));
    }
    return c;
  }

  /**
   * User message: the template with the question, then the reasoning-language instruction if any.
   */
  static Column userMessage(Column question, Column lang, ParallelDataSettings s) {
    String[] parts = s.userTemplate().split("\\{question\\}", -1);
    Column c = lit(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      c = concat_ws("", c, question, lit(parts[i]));
    }
    if (s.languageInstruction().isBlank()) {
      return c;
    }
    Column name = lit("");
    for (String code : Languages.codes()) {
      name = when(lang.equalTo(code), lit(Languages.name(code))).otherwise(name);
    }
    String[] ip = s.languageInstruction().split("\\{language\\}", -1);
    Column instr = lit(ip[0]);
    for (int i = 1; i < ip.length; i++) {
      instr = concat_ws("", instr, name, lit(ip[i]));
    }
    return concat_ws("\n", c, instr);
  }

  private static Column extraInfo() {
    return struct(
        col("split"),
        col("idx").as("index"),
        col("benchmark"),
        col("problem_id"),
        col("lang"),
        col("think_lang"),
        col("parallel_group"));
  }

  /** verl's RL layout of set rows. */
  public static Dataset<Row> verl(Dataset<Row> rows) {
    return TrainerLayouts.verl(rows, extraInfo());
  }

  /** SkyRL's layout of set rows. */
  public static Dataset<Row> skyrl(Dataset<Row> rows, String envClass) {
    return TrainerLayouts.skyrl(rows, extraInfo(), envClass);
  }

  /** Chat SFT layout of set rows: the prompt and an assistant turn with the boxed answer. */
  public static Dataset<Row> sft(Dataset<Row> rows) {
    Column assistant = concat_ws("", lit("\\boxed{"), col("answer"), lit("}"));
    return TrainerLayouts.sft(rows, assistant, extraInfo());
  }
}
