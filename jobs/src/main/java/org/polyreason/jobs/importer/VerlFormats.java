package org.polyreason.jobs.importer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What verl writes back: the per-step rollout dumps of its trainer ({@code
 * trainer.rollout_data_dir}, one {@code {step}.jsonl} per step, each line {input, output, gts,
 * score, step, …}) and the Parquet of its generation script ({@code main_generation}: the input
 * rows plus a {@code responses} list). Records carry no language; they are matched to problems by
 * content (see {@link ImportTransforms#matchByContent}), or by {@code extra_info} when the rows
 * came from {@code parallel-data}.
 */
final class VerlFormats {
  private VerlFormats() {}

  static final Pattern STEP_FILE = Pattern.compile("(?:^|/)(\\d+)\\.jsonl(?:\\.gz)?$");

  /**
   * {@code {step}.jsonl}: the i-th line with the same input in one file is sample i of that prompt.
   */
  static final class Rollouts implements ImportFormat {
    private static final long serialVersionUID = 1L;

    public String name() {
      return "verl-rollouts";
    }

    public void parse(String file, BufferedReader r, Consumer<ImportedRecord> out)
        throws IOException {
      Matcher m = STEP_FILE.matcher(file);
      Long fileStep = m.find() ? Long.parseLong(m.group(1)) : null;
      Map<String, Integer> seen = new HashMap<>();
      Formats.jsonLines(
          file,
          r,
          out,
          (n, node) -> {
            String input = Formats.text(node, "input");
            String output = Formats.text(node, "output");
            JsonNode s = node.get("step");
            Long step = s != null && s.canConvertToLong() ? (Long) s.asLong() : fileStep;
            if (step == null) {
              throw new Formats.MissingField("no field step and the file name is not <step>.jsonl");
            }
            String gts = Formats.optionalText(node, "gts");
            int idx = seen.merge(input, 1, Integer::sum) - 1;
            out.accept(
                new ImportedRecord(
                    file, n, null, null, input, input, output, idx, null, null, step, gts));
          });
    }
  }

  /**
   * The generation script's Parquet as records: one per element of {@code responses}, with the user
   * turn of {@code prompt} as question, {@code reward_model.ground_truth} as answer and, when
   * present, {@code extra_info.problem_id} / {@code extra_info.lang}. Read with Spark (columnar,
   * not line based).
   */
  static Dataset<Row> generationRecords(SparkSession spark, List<String> files) {
    Dataset<Row> in = spark.read().parquet(files.toArray(String[]::new));
    List<String> cols = Arrays.asList(in.columns());
    if (!cols.contains("responses") || !cols.contains("prompt")) {
      throw new org.polyreason.common.UserException(
          "verl-generation input "
              + files.get(0)
              + " has columns "
              + cols
              + "; expected at least prompt and responses (verl main_generation output)");
    }
    Column user = expr("element_at(filter(prompt, m -> m.role = 'user'), -1).content");
    Column promptText =
        expr("concat_ws('\\n', transform(prompt, m -> concat(m.role, ': ', m.content)))");
    Column answer =
        cols.contains("reward_model")
            ? col("reward_model.ground_truth").cast("string")
            : lit(null).cast("string");
    boolean info = cols.contains("extra_info");
    Column pid =
        info && has(in, "extra_info", "problem_id")
            ? col("extra_info.problem_id").cast("string")
            : lit(null).cast("string");
    Column lang =
        info && has(in, "extra_info", "lang")
            ? col("extra_info.lang").cast("string")
            : lit(null).cast("string");
    Column think =
        info && has(in, "extra_info", "think_lang")
            ? col("extra_info.think_lang").cast("string")
            : lit(null).cast("string");
    Dataset<Row> rows =
        in.select(
            org.apache.spark.sql.functions.input_file_name().as("source_file"),
            org.apache.spark.sql.functions.monotonically_increasing_id().as("source_line"),
            user.as("rec_question"),
            promptText.as("prompt"),
            answer.as("rec_answer"),
            pid.as("rec_problem_id"),
            lang.as("rec_lang"),
            think.as("rec_think_lang"),
            posexplode(col("responses")));
    return rows.select(
        col("source_file"),
        col("source_line"),
        lit(null).cast("string").as("file_lang"),
        col("rec_lang"),
        col("rec_problem_id"),
        col("rec_question"),
        col("prompt"),
        col("col").cast("string").as("text"),
        col("pos").as("sample_idx"),
        col("rec_think_lang"),
        lit(null).cast("string").as("parse_error"),
        lit(null).cast("long").as("rec_step"),
        col("rec_answer"));
  }

  private static boolean has(Dataset<Row> in, String struct, String field) {
    var t = in.schema().apply(struct).dataType();
    return t instanceof org.apache.spark.sql.types.StructType st
        && Arrays.asList(st.fieldNames()).contains(field);
  }
}
