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
      String template = "import:" + format + ":" + benchmark + ":" + lang + ":" + thinkLang;
      String key = SampleKey.of(revision, template, prompt, Double.NaN, Double.NaN, -1, -1, sampleIdx, 0L);
      String text = r.getAs("text");
      return RowFactory.create(key, runId, modelRevision, "import", null, r.<String>getAs("problem_id"), thinkLang,
          sampleIdx, null, null, null, null, null, template, null, null, "stop", text, null, null, now,
          model, benchmark, lang);
    };
    return matched.map(toRow, Encoders.row(Tables.GENERATIONS_SCHEMA));
  }
}
