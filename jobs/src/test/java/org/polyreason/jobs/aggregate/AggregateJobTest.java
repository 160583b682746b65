package org.polyreason.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SparkTestBase;

/** The aggregate job through the CLI: tables written, external metrics kept, bad keys rejected. */
class AggregateJobTest extends SparkTestBase {

  @Test
  void writesMetricsAndPairedAndKeepsExternalRows(@TempDir Path dir) throws Exception {
    String wh = dir.resolve("wh").toString();
    new ScoresBuilder()
        .group("m", "bench", "en", null)
        .problem("p1", true, true)
        .problem("p2", false, true)
        .group("m", "bench", "sw", null)
        .problem("p1", false, false)
        .problem("p2", false, true)
        .build(spark)
        .write()
        .partitionBy("model", "benchmark", "lang")
        .parquet(wh + "/scores");
    Path csv = dir.resolve("published.csv");
    Files.writeString(csv, "model,benchmark,lang,accuracy\npublished,bench,en,0.5\n");
    assertThat(
            CliRun.of(
                    "import-metrics",
                    "--set",
                    "polyreason.warehouse=" + wh,
                    "--set",
                    "polyreason.import-metrics.path=" + csv)
                .exitCode())
        .isZero();

    CliRun run =
        CliRun.of(
            "aggregate",
            "--set",
            "polyreason.warehouse=" + wh,
            "--set",
            "polyreason.aggregate.bootstrap-samples=50");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> metrics =
        spark.read().parquet(wh + "/metrics").orderBy("model", "lang").collectAsList();
    assertThat(metrics)
        .extracting(r -> r.getAs("model") + "/" + r.getAs("lang") + "/" + r.getAs("source"))
        .containsExactly("m/ALL/scores", "m/en/scores", "m/sw/scores", "published/en/external");
    assertThat(spark.read().parquet(wh + "/paired").count()).isEqualTo(1);

    // Running again replaces the scores rows instead of duplicating them.
    assertThat(
            CliRun.of(
                    "aggregate",
                    "--set",
                    "polyreason.warehouse=" + wh,
                    "--set",
                    "polyreason.aggregate.bootstrap-samples=50")
                .exitCode())
        .isZero();
    assertThat(spark.read().parquet(wh + "/metrics").count()).isEqualTo(4);
  }

  @Test
  void badKeysFailBeforeSpark(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "aggregate",
            "--set",
            "polyreason.warehouse=" + dir,
            "--set",
            "polyreason.aggregate.k-list=[1, zero]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.aggregate.k-list")
        .contains("zero")
        .contains("positive integers");
    run =
        CliRun.of(
            "aggregate",
            "--set",
            "polyreason.warehouse=" + dir,
            "--set",
            "polyreason.aggregate.confidence=1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.aggregate.confidence")
        .contains("1");
    run =
        CliRun.of(
            "aggregate",
            "--set",
            "polyreason.warehouse=" + dir,
            "--set",
            "polyreason.aggregate.reference-language=xx");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("xx")
        .contains("reference-language");
  }

  @Test
  void missingScoresIsABadInput(@TempDir Path dir) {
    CliRun run = CliRun.of("aggregate", "--set", "polyreason.warehouse=" + dir);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("No scores table");
  }
}
