package org.polyreason.jobs.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * The reproduction: one imported response whose last number reads like {@code 1.5,2.5} used
 * to throw in the number parser, fail its Spark task four times and the job; now it gets a verdict
 * and {@code score} exits 0, and the error rate check reads the new {@code error} column.
 */
class ScoreNeverFailsOnAResponseTest extends SparkTestBase {
  @TempDir Path dir;

  CliRun cli(String job, String... sets) {
    return CliRun.job(dir.resolve("wh"), job, sets);
  }

  @Test
  void aCommaListResponseIsScoredAndTheJobExitsZero() throws Exception {
    Path data = SharedData.require("data/benchmarks");
    assertThat(
            cli("ingest", "polyreason.data-root=" + data, "polyreason.ingest.benchmarks=[mgsm]")
                .exitCode())
        .isZero();
    Path jsonl = dir.resolve("one.jsonl");
    Files.writeString(
        jsonl,
        "{\"problem_id\":\"3\",\"lang\":\"en\",\"question\":\"q\","
            + "\"text\":\"The roots lie near 1.5,2.5\"}\n");
    CliRun imp =
        cli(
            "import",
            "polyreason.import.format=jsonl",
            "polyreason.import.fields.problem-id=problem_id",
            "polyreason.import.path=" + jsonl,
            "polyreason.import.model=m");
    assertThat(imp.exitCode()).as(imp.err()).isZero();
    CliRun run = cli("score");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> rows =
        spark
            .read()
            .parquet(dir.resolve("wh/scores").toString())
            .select("verdict", "error", "extracted_answer")
            .collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString(0)).isIn("correct", "wrong");
    assertThat(rows.get(0).isNullAt(1)).as("error column").isTrue();
  }
}
