package org.polyreason.jobs.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One row of the {@code problems} table: a problem in one language, with its normalised answer. */
public record ProblemRecord(String benchmark, String problemId, String lang, String question, String answer,
    String answerKind, String rawAnswer, String subset, String level, String sourceFile, long sourceLine) {

  public static final String TABLE = "problems";

  public static final StructType SCHEMA = new StructType()
      .add("problem_id", DataTypes.StringType, false)
      .add("lang", DataTypes.StringType, false)
      .add("question", DataTypes.StringType, false)
      .add("answer", DataTypes.StringType, false)
      .add("answer_kind", DataTypes.StringType, false)
      .add("raw_answer", DataTypes.StringType, false)
      .add("subset", DataTypes.StringType, true)
      .add("level", DataTypes.StringType, true)
      .add("source_file", DataTypes.StringType, false)
      .add("source_line", DataTypes.LongType, false)
      .add("benchmark", DataTypes.StringType, false);

  public Row toRow() {
    return RowFactory.create(problemId, lang, question, answer, answerKind, rawAnswer, subset, level, sourceFile,
        sourceLine, benchmark);
  }

  /** {@code file:line}, for messages. */
  public String location() {
    return sourceFile + ":" + sourceLine;
  }
}
