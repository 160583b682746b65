package org.polyreason.jobs.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One row of the {@code problems} table: a problem in one language, with its normalised answer. */
public record ProblemRecord(String benchmark, String problemId, String lang, String question, String answer,
    String answerKind, String rawAnswer, String subset, String level, String sourceFile, long sourceLine) {


  public Row toRow() {
    return RowFactory.create(problemId, lang, question, answer, answerKind, rawAnswer, subset, level, sourceFile,
        sourceLine, benchmark);
  }

  /** {@code file:line}, for messages. */
  public String location() {
    return sourceFile + ":" + sourceLine;
  }
}
