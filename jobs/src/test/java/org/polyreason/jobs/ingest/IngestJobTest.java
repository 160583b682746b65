package org.polyreason.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * The ingest job end to end on the real benchmarks: counts per benchmark, the runs row, rerun
 * safety.
 */
class IngestJobTest extends SparkTestBase {
  @TempDir Path warehouse;

  @Test
  void ingestsEveryBenchmarkWithExactCountsAndRecordsTheRun() {
    Path data = SharedData.require("data/benchmarks");
    CliRun run =
        CliRun.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + warehouse,
            "--set",
            "polyreason.data-root=" + data,
            "--set",
            "polyreason.run-id=test-run-1");
    assertThat(run.exitCode()).as(run.err()).isZero();

    var problems = spark.read().parquet(warehouse.resolve("problems").toString());
    List<Row> counts = problems.groupBy("benchmark").count().orderBy("benchmark").collectAsList();
    assertThat(counts)
        .extracting(r -> r.getString(0) + "=" + r.getLong(1))
        .containsExactly(
            "mgsm=2750", "mmath=3740", "msvamp=10000", "polymath=9000", "xreasoning=660");
    assertThat(problems.columns())
        .contains(
            "benchmark",
            "problem_id",
            "lang",
            "question",
            "answer",
            "answer_kind",
            "subset",
            "level",
            "source_file",
            "source_line");
    assertThat(problems.select("answer_kind").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .contains("integer", "latex")
        .doesNotContain((String) null);
    // the gold parsed once at ingest: the 3 golds malformed upstream in each of PolyMath's 18
    // languages
    // (README, "Malformed reference answers") are reported with file:line and typed malformed
    List<Row> malformed =
        problems
            .filter("answer_type = 'malformed'")
            .select("source_file", "source_line")
            .collectAsList();
    assertThat(malformed).hasSize(3 * 18);
    assertThat(malformed)
        .extracting(r -> r.getString(0) + ":" + r.getLong(1))
        .contains(
            "polymath/en/medium.jsonl:2",
            "polymath/en/medium.jsonl:37",
            "polymath/en/medium.jsonl:112");
    assertThat(problems.filter("answer_type is null or answer_canonical is null").count()).isZero();
    assertThat(problems.filter("benchmark = 'polymath' and answer_type = 'text'").count())
        .as("PolyMath golds read only as text")
        .isLessThanOrEqualTo(7 * 18);

    Row runRow = spark.read().parquet(warehouse.resolve("runs").toString()).collectAsList().get(0);
    assertThat(runRow.toString()).contains("malformed_golds");
    assertThat(runRow.<String>getAs("run_id")).isEqualTo("test-run-1");
    assertThat(runRow.<String>getAs("job")).isEqualTo("ingest");
    assertThat(runRow.<String>getAs("status")).isEqualTo("success");
    assertThat(runRow.<String>getAs("config")).contains("\"warehouse\"");
    assertThat(runRow.<String>getAs("config_hash")).hasSize(64);
    assertThat(runRow.<String>getAs("code_version")).isNotBlank();
    assertThat(runRow.getJavaMap(runRow.fieldIndex("counts"))).containsEntry("output_rows", 26150L);
  }

  @Test
  void rerunWithFewerLanguagesReplacesTheTableAndAppendsARun() {
    Path data = SharedData.require("data/benchmarks");
    for (String langs : List.of("[en, de, ja]", "[en, sw]")) {
      CliRun run =
          CliRun.of(
              "ingest",
              "--set",
              "polyreason.warehouse=" + warehouse,
              "--set",
              "polyreason.data-root=" + data,
              "--set",
              "polyreason.ingest.benchmarks=[mgsm]",
              "--set",
              "polyreason.ingest.languages=" + langs);
      assertThat(run.exitCode()).as(run.err()).isZero();
    }
    var problems = spark.read().parquet(warehouse.resolve("problems").toString());
    assertThat(problems.count()).isEqualTo(500);
    assertThat(spark.read().parquet(warehouse.resolve("runs").toString()).count()).isEqualTo(2);
    assertThat(warehouse.resolve("_staging")).doesNotExist();
  }
}
