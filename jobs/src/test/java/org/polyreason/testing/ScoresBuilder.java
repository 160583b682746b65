package org.polyreason.testing;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.polyreason.core.Tables;

/** Builds small {@code scores} tables (Tables.SCORES_SCHEMA) in code for job tests. */
public final class ScoresBuilder {
  private final List<Row> rows = new ArrayList<>();
  private String model = "m";
  private String benchmark = "bench";
  private String lang = "en";
  private String thinkLang;
  private Boolean[] firstStep = {null, null, null};

  /** Sets the model, benchmark, lang and think_lang of the samples added next. */
  public ScoresBuilder group(String model, String benchmark, String lang, String thinkLang) {
    this.model = model;
    this.benchmark = benchmark;
    this.lang = lang;
    this.thinkLang = thinkLang;
    return this;
  }

  /**
   * Sets first_step_operands, first_step_operator and first_step_arithmetic of the samples added
   * next (null: no worked reference, the default).
   */
  public ScoresBuilder firstStep(Boolean operands, Boolean operator, Boolean arithmetic) {
    this.firstStep = new Boolean[] {operands, operator, arithmetic};
    return this;
  }

  /**
   * A sample: verdict correct/wrong from {@code correct}, finish stop, thinking language =
   * expected.
   */
  public ScoresBuilder sample(String problemId, int idx, boolean correct, String answer) {
    return sample(
        problemId,
        idx,
        correct,
        answer,
        answer == null ? "no_answer" : correct ? "correct" : "wrong",
        "stop",
        100,
        thinkLang != null ? thinkLang : lang);
  }

  public ScoresBuilder sample(
      String problemId,
      int idx,
      boolean correct,
      String answer,
      String verdict,
      String finishReason,
      Integer tokens,
      String thinkingLang) {
    String key =
        String.join(
            "|",
            model,
            benchmark,
            lang,
            String.valueOf(thinkLang),
            problemId,
            Integer.toString(idx));
    rows.add(
        RowFactory.create(
            key,
            problemId,
            thinkLang,
            idx,
            finishReason,
            tokens,
            answer,
            "test",
            verdict,
            correct,
            thinkingLang,
            thinkingLang,
            thinkingLang == null ? null : thinkingLang.equals(lang),
            thinkingLang == null ? null : thinkingLang.equals(lang) ? 1.0 : 0.0,
            thinkingLang == null ? null : thinkingLang.equals(lang),
            thinkingLang == null ? null : thinkingLang.equals(lang),
            thinkingLang == null ? null : thinkingLang.equals(lang),
            firstStep[0],
            firstStep[1],
            firstStep[2],
            null,
            "test",
            Timestamp.valueOf("2026-01-01 00:00:00"),
            null,
            model,
            benchmark,
            lang));
    return this;
  }

  /** Repeats the last added row (same sample_key): readers must deduplicate it. */
  public ScoresBuilder duplicateLast() {
    rows.add(rows.get(rows.size() - 1));
    return this;
  }

  /**
   * Samples of one problem from a correctness pattern: answer "ok" when correct, else "x" + index.
   */
  public ScoresBuilder problem(String problemId, boolean... correct) {
    for (int i = 0; i < correct.length; i++) {
      sample(problemId, i, correct[i], correct[i] ? "ok" : "x" + i);
    }
    return this;
  }

  public Dataset<Row> build(SparkSession spark) {
    return spark.createDataFrame(rows, Tables.SCORES_SCHEMA);
  }
}
