package org.polyreason.jobs.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.polyreason.udfs.scoring.GoldCheck;

/**
 * One row of the {@code problems} table: a problem in one language, with its normalised answer, and
 * the answer parsed once by the scoring engine: {@code answerCanonical} (what {@code score} parses)
 * and {@code answerType} ({@link GoldCheck#type}; {@code malformed} for a gold broken upstream).
 */
public record ProblemRecord(
    String benchmark,
    String problemId,
    String lang,
    String question,
    String answer,
    String answerKind,
    String rawAnswer,
    String subset,
    String level,
    String sourceFile,
    long sourceLine,
    String answerCanonical,
    String answerType) {

  /** A record whose canonical answer and type are derived from {@code rawAnswer}. */
  public ProblemRecord(
      String benchmark,
      String problemId,
      String lang,
      String question,
      String answer,
      String answerKind,
      String rawAnswer,
      String subset,
      String level,
      String sourceFile,
      long sourceLine) {
    this(
        benchmark,
        problemId,
        lang,
        question,
        answer,
        answerKind,
        rawAnswer,
        subset,
        level,
        sourceFile,
        sourceLine,
        GoldCheck.canonical(rawAnswer),
        GoldCheck.type(rawAnswer));
  }

  public Row toRow() {
    return RowFactory.create(
        problemId,
        lang,
        question,
        answer,
        answerKind,
        rawAnswer,
        subset,
        level,
        sourceFile,
        sourceLine,
        answerCanonical,
        answerType,
        benchmark);
  }

  /** {@code file:line}, for messages. */
  public String location() {
    return sourceFile + ":" + sourceLine;
  }
}
