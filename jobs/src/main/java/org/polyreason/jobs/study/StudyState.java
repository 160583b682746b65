package org.polyreason.jobs.study;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;

/**
 * The {@code study_state} table: one appended row per stage attempt (success or failure) with the
 * stage's fingerprint. A stage is up to date when its latest attempt succeeded with the fingerprint
 * it has now.
 */
final class StudyState {

  record Attempt(String fingerprint, String status, String runId) {}

  private StudyState() {}

  /** The latest attempt of a stage of a study, if any. */
  static Optional<Attempt> latest(Warehouse wh, String study, String stage) {
    if (!wh.exists(Tables.STUDY_STATE)) {
      return Optional.empty();
    }
    List<Row> rows =
        wh.read(Tables.STUDY_STATE)
            .filter(col("study").equalTo(study).and(col("stage").equalTo(stage)))
            .orderBy(col("finished_at").desc(), col("run_id").desc())
            .limit(1)
            .collectAsList();
    return rows.stream()
        .findFirst()
        .map(r -> new Attempt(r.getAs("fingerprint"), r.getAs("status"), r.getAs("run_id")));
  }

  static void record(
      SparkSession spark,
      Warehouse wh,
      String study,
      StudySettings.Stage stage,
      String runId,
      String studyRunId,
      String fingerprint,
      String status,
      String error,
      Instant started) {
    Row row =
        RowFactory.create(
            study,
            stage.name(),
            stage.index(),
            stage.job().name(),
            runId,
            studyRunId,
            fingerprint,
            status,
            error,
            Timestamp.from(started),
            Timestamp.from(Instant.now()));
    wh.append(
        spark.createDataFrame(List.of(row), Tables.STUDY_STATE.schema()).coalesce(1),
        Tables.STUDY_STATE);
  }
}
