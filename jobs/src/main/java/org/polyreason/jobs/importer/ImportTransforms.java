package org.polyreason.jobs.importer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.polyreason.core.SampleKey;
import org.polyreason.core.Tables;

/** Pure transforms of the import job (no IO): matching to problems and shaping generations rows. */
public final class ImportTransforms {
  private ImportTransforms() {}

  /** Whitespace-normalised question text, the key for matching by text. */
  static Column normalisedQuestion(Column question) {
    return trim(regexp_replace(question, "\\s+", " "));
  }

  /** Value of {@code match_issue} for a record whose text several problems share. */
  public static final String AMBIGUOUS = "ambiguous";

  /**
   * Adds {@code problem_id} (null when unmatched) and {@code match_issue}. A record with a problem
   * id is matched by id. A record without one is matched by its position when its file is aligned
   * with the benchmark (as many records as problems in that language, each with the question text
   * of the problem at its position: mCoT's outputs), else by its normalised question text; a text
   * that several problems share then matches none of them and is marked {@link #AMBIGUOUS}.
   */
  public static Dataset<Row> match(Dataset<Row> records, Dataset<Row> problems) {
    Dataset<Row> ids = problems.select(col("lang").as("p_lang"), col("problem_id").as("p_id"));
    Dataset<Row> withId = records.filter(col("rec_problem_id").isNotNull());
    Dataset<Row> byId =
        withId
            .join(
                ids,
                withId
                    .col("lang")
                    .equalTo(ids.col("p_lang"))
                    .and(withId.col("rec_problem_id").equalTo(ids.col("p_id"))),
                "left")
            .withColumn("problem_id", col("p_id"))
            .withColumn("match_issue", lit(null).cast("string"))
            .drop("p_lang", "p_id");

    Dataset<Row> withText =
        records
            .filter(col("rec_problem_id").isNull())
            .withColumn("norm_q", normalisedQuestion(col("rec_question")))
            .withColumn(
                "r_pos",
                dense_rank()
                    .over(Window.partitionBy("source_file", "lang").orderBy("source_line")));
    Dataset<Row> positions =
        problems.select(
            col("lang").as("a_lang"),
            col("problem_id").as("a_id"),
            normalisedQuestion(col("question")).as("a_q"),
            row_number()
                .over(
                    Window.partitionBy("lang").orderBy("source_file", "source_line", "problem_id"))
                .as("a_pos"));
    Dataset<Row> atPosition =
        withText.join(
            positions,
            withText
                .col("lang")
                .equalTo(positions.col("a_lang"))
                .and(withText.col("r_pos").equalTo(positions.col("a_pos"))),
            "left");
    Dataset<Row> perLang =
        positions.groupBy(col("a_lang").as("n_lang")).agg(count("*").as("n_problems"));
    Dataset<Row> files =
        atPosition
            .groupBy("source_file", "lang")
            .agg(
                countDistinct("source_line").as("n_lines"),
                sum(when(col("a_q").isNotNull().and(col("a_q").equalTo(col("norm_q"))), 0)
                        .otherwise(1))
                    .as("n_off"));
    Dataset<Row> aligned =
        files
            .join(perLang, files.col("lang").equalTo(perLang.col("n_lang")))
            .filter(col("n_off").equalTo(0).and(col("n_lines").equalTo(col("n_problems"))))
            .select(
                col("source_file").as("al_file"),
                col("lang").as("al_lang"),
                lit(true).as("aligned"));
    Dataset<Row> flagged =
        atPosition
            .join(
                aligned,
                atPosition
                    .col("source_file")
                    .equalTo(aligned.col("al_file"))
                    .and(atPosition.col("lang").equalTo(aligned.col("al_lang"))),
                "left")
            .drop("al_file", "al_lang");

    Dataset<Row> texts =
        problems
            .select(
                col("lang").as("t_lang"),
                normalisedQuestion(col("question")).as("t_q"),
                col("problem_id"))
            .groupBy("t_lang", "t_q")
            .agg(min("problem_id").as("t_id"), count("*").as("t_n"));
    Dataset<Row> byText =
        flagged
            .join(
                texts,
                flagged
                    .col("lang")
                    .equalTo(texts.col("t_lang"))
                    .and(flagged.col("norm_q").equalTo(texts.col("t_q"))),
                "left")
            .withColumn(
                "problem_id",
                when(col("aligned").equalTo(true), col("a_id"))
                    .when(col("t_n").equalTo(1), col("t_id")))
            .withColumn(
                "match_issue",
                when(col("problem_id").isNull().and(col("t_n").gt(1)), lit(AMBIGUOUS)))
            .drop(
                "t_lang", "t_q", "t_id", "t_n", "norm_q", "r_pos", "a_lang", "a_id", "a_q", "a_pos",
                "aligned");
    return byId.unionByName(byText);
  }

  /**
   * verl records: those carrying a problem id and language (rows built by parallel-data) match by
   * id, the others by content ({@link #matchByContent}).
   */
  public static Dataset<Row> matchVerl(Dataset<Row> records, Dataset<Row> problems) {
    Column withId = col("rec_problem_id").isNotNull().and(col("lang").isNotNull());
    return match(records.filter(withId), problems)
        .unionByName(
            matchByContent(records.filter(org.apache.spark.sql.functions.not(withId)), problems),
            true); // content matches have no match_issue (null)
  }

  /**
   * Adds {@code problem_id} and {@code lang} to records that carry only a rendered prompt and a
   * reference answer (verl dumps): the problem whose answer equals the record's answer and whose
   * whitespace-normalised question occurs in the whitespace-normalised prompt; the longest such
   * question wins (then language, then id), so a question that is part of another does not steal
   * its records. Records without an answer or without such a problem stay unmatched (problem_id
   * null).
   */
  public static Dataset<Row> matchByContent(Dataset<Row> records, Dataset<Row> problems) {
    Dataset<Row> p =
        problems.select(
            col("lang").as("c_lang"),
            col("problem_id").as("c_id"),
            trim(col("answer")).as("c_answer"),
            normalisedQuestion(col("question")).as("c_q"));
    Dataset<Row> r =
        records.withColumn(
            "_input",
            normalisedQuestion(
                org.apache.spark.sql.functions.coalesce(col("prompt"), col("rec_question"))));
    Dataset<Row> cand =
        r.join(
                p,
                trim(r.col("rec_answer"))
                    .equalTo(p.col("c_answer"))
                    .and(org.apache.spark.sql.functions.instr(r.col("_input"), p.col("c_q")).gt(0))
                    .and(r.col("lang").isNull().or(r.col("lang").equalTo(p.col("c_lang")))))
            .select(
                col("source_file").as("b_file"),
                col("source_line").as("b_line"),
                col("sample_idx").as("b_idx"),
                col("c_lang"),
                col("c_id"),
                col("c_q"));
    var w =
        org.apache.spark.sql.expressions.Window.partitionBy("b_file", "b_line", "b_idx")
            .orderBy(
                org.apache.spark.sql.functions.length(col("c_q")).desc(),
                col("c_lang"),
                col("c_id"));
    Dataset<Row> best =
        cand.withColumn("_n", org.apache.spark.sql.functions.row_number().over(w))
            .filter(col("_n").equalTo(1))
            .drop("_n", "c_q");
    return r.join(
            best,
            r.col("source_file")
                .equalTo(best.col("b_file"))
                .and(r.col("source_line").equalTo(best.col("b_line")))
                .and(r.col("sample_idx").equalTo(best.col("b_idx"))),
            "left")
        .withColumn("lang", org.apache.spark.sql.functions.coalesce(col("lang"), col("c_lang")))
        .withColumn("problem_id", col("c_id"))
        .drop("b_file", "b_line", "b_idx", "c_lang", "c_id", "_input");
  }

  /** Matched records → rows of {@link Tables#GENERATIONS_SCHEMA} (engine = import). */
  public static Dataset<Row> toGenerations(Dataset<Row> matched, ImportSettings s, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    String forced = s.thinkLang();
    String format = s.format();
    String model = s.model();
    String benchmark = s.benchmark();
    String modelRevision = s.modelRevision();
    MapFunction<Row, Row> toRow =
        r -> {
          String lang = r.getAs("lang");
          String recThink = r.getAs("rec_think_lang");
          String thinkLang =
              recThink != null
                  ? recThink
                  : forced.isEmpty() ? null : forced.equals("same") ? lang : forced;
          int sampleIdx = r.<Integer>getAs("sample_idx");
          Long step = r.getAs("rec_step");
          // a trainer's step is part of the identity: the same prompt and sample index recur every
          // step
          String template =
              "import:"
                  + format
                  + ":"
                  + benchmark
                  + ":"
                  + lang
                  + ":"
                  + thinkLang
                  + (step == null ? "" : ":step" + step);
          String key =
              SampleKey.ofImport(
                  model,
                  modelRevision,
                  benchmark,
                  r.<String>getAs("problem_id"),
                  lang,
                  thinkLang,
                  sampleIdx,
                  step);
          String text = r.getAs("text");
          return RowFactory.create(
              key,
              runId,
              modelRevision,
              "import",
              null,
              r.<String>getAs("problem_id"),
              thinkLang,
              sampleIdx,
              null,
              null,
              null,
              null,
              null,
              template,
              null,
              null,
              "stop",
              text,
              null,
              null,
              now,
              null,
              step,
              model,
              benchmark,
              lang);
        };
    return matched.map(toRow, Encoders.row(Tables.GENERATIONS_SCHEMA));
  }
}
