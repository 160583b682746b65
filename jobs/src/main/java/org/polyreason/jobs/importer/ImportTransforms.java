package org.polyreason.jobs.importer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.polyreason.core.SampleKey;
import org.polyreason.core.Tables;

/** Pure transforms of the import job (no IO): matching to problems and shaping generations rows. */
public final class ImportTransforms {
  private ImportTransforms() {}

  /** Whitespace-normalised question text, the key for matching by text. */
  static Column normalisedQuestion(Column question) {
    return trim(regexp_replace(question, "\\s+", " "));
  }

  /**
   * Adds {@code problem_id} (null when unmatched): by the record's problem id when it has one, else by
   * the normalised question text in the same language. Should two problems share a text, the smallest
   * id wins, deterministically.
   */
  public static Dataset<Row> match(Dataset<Row> records, Dataset<Row> problems) {
    Dataset<Row> ids = problems.select(col("lang").as("p_lang"), col("problem_id").as("p_id"));
    Dataset<Row> texts = problems.select(col("lang").as("t_lang"), normalisedQuestion(col("question")).as("t_q"),
        col("problem_id")).groupBy("t_lang", "t_q").agg(min("problem_id").as("t_id"));
    Dataset<Row> withId = records.filter(col("rec_problem_id").isNotNull());
    Dataset<Row> byId = withId.join(ids, withId.col("lang").equalTo(ids.col("p_lang"))
        .and(withId.col("rec_problem_id").equalTo(ids.col("p_id"))), "left")
        .withColumn("problem_id", col("p_id")).drop("p_lang", "p_id");
    Dataset<Row> withText = records.filter(col("rec_problem_id").isNull())
        .withColumn("norm_q", normalisedQuestion(col("rec_question")));
    Dataset<Row> byText = withText.join(texts, withText.col("lang").equalTo(texts.col("t_lang"))
        .and(withText.col("norm_q").equalTo(texts.col("t_q"))), "left")
        .withColumn("problem_id", col("t_id")).drop("t_lang", "t_q", "t_id", "norm_q");
    return byId.unionByName(byText);
  }

  /**
   * verl records: those carrying a problem id and language (rows built by parallel-data) match by id,
   * the others by content ({@link #matchByContent}).
   */
  public static Dataset<Row> matchVerl(Dataset<Row> records, Dataset<Row> problems) {
    Column withId = col("rec_problem_id").isNotNull().and(col("lang").isNotNull());
    return match(records.filter(withId), problems)
        .unionByName(matchByContent(records.filter(org.apache.spark.sql.functions.not(withId)), problems));
  }

  /**
   * Adds {@code problem_id} and {@code lang} to records that carry only a rendered prompt and a
   * reference answer (verl dumps): the problem whose answer equals the record's answer and whose
   * whitespace-normalised question occurs in the whitespace-normalised prompt; the longest such question
   * wins (then language, then id), so a question that is part of another does not steal its records.
   * Records without an answer or without such a problem stay unmatched (problem_id null).
   */
  public static Dataset<Row> matchByContent(Dataset<Row> records, Dataset<Row> problems) {
    Dataset<Row> p = problems.select(col("lang").as("c_lang"), col("problem_id").as("c_id"),
        trim(col("answer")).as("c_answer"), normalisedQuestion(col("question")).as("c_q"));
    Dataset<Row> r = records.withColumn("_input",
        normalisedQuestion(org.apache.spark.sql.functions.coalesce(col("prompt"), col("rec_question"))));
    Dataset<Row> cand = r.join(p, trim(r.col("rec_answer")).equalTo(p.col("c_answer"))
            .and(org.apache.spark.sql.functions.instr(r.col("_input"), p.col("c_q")).gt(0))
            .and(r.col("lang").isNull().or(r.col("lang").equalTo(p.col("c_lang")))))
        .select(col("source_file").as("b_file"), col("source_line").as("b_line"),
            col("sample_idx").as("b_idx"), col("c_lang"), col("c_id"), col("c_q"));
    var w = org.apache.spark.sql.expressions.Window.partitionBy("b_file", "b_line", "b_idx")
        .orderBy(org.apache.spark.sql.functions.length(col("c_q")).desc(), col("c_lang"), col("c_id"));
    Dataset<Row> best = cand.withColumn("_n", org.apache.spark.sql.functions.row_number().over(w))
        .filter(col("_n").equalTo(1)).drop("_n", "c_q");
    return r.join(best, r.col("source_file").equalTo(best.col("b_file"))
            .and(r.col("source_line").equalTo(best.col("b_line")))
            .and(r.col("sample_idx").equalTo(best.col("b_idx"))), "left")
        .withColumn("lang", org.apache.spark.sql.functions.coalesce(col("lang"), col("c_lang")))
        .withColumn("problem_id", col("c_id"))
        .drop("b_file", "b_line", "b_idx", "c_lang", "c_id", "_input");
  }

  /** Matched records → rows of {@link Tables#GENERATIONS_SCHEMA} (engine = import). */
  public static Dataset<Row> toGenerations(Dataset<Row> matched, ImportSettings s, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    String revision = s.model() + "@" + s.modelRevision();
    String forced = s.thinkLang();
    String format = s.format();
    String model = s.model();
    String benchmark = s.benchmark();
    String modelRevision = s.modelRevision();
    MapFunction<Row, Row> toRow = r -> {
      String lang = r.getAs("lang");
      String recThink = r.getAs("rec_think_lang");
      String thinkLang = recThink != null ? recThink : forced.isEmpty() ? null : forced.equals("same") ? lang : forced;
      String prompt = r.<String>getAs("prompt") != null ? r.getAs("prompt") : r.getAs("rec_question");
      int sampleIdx = r.<Integer>getAs("sample_idx");
      Long step = r.getAs("rec_step");
      // a trainer's step is part of the identity: the same prompt and sample index recur every step
      String template = "import:" + format + ":" + benchmark + ":" + lang + ":" + thinkLang
          + (step == null ? "" : ":step" + step);
      String key = SampleKey.of(revision, template, prompt, Double.NaN, Double.NaN, -1, -1, sampleIdx, 0L);
      String text = r.getAs("text");
      return RowFactory.create(key, runId, modelRevision, "import", null, r.<String>getAs("problem_id"), thinkLang,
          sampleIdx, null, null, null, null, null, template, null, null, "stop", text, null, null, now,
          null, step, model, benchmark, lang);
    };
    return matched.map(toRow, Encoders.row(Tables.GENERATIONS_SCHEMA));
  }
}
