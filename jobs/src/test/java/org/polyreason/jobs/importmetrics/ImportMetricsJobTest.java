package org.polyreason.jobs.importmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.core.MetricsTable;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SparkTestBase;
import org.polyreason.udfs.stats.BinomialCi;
import org.polyreason.udfs.stats.Interval;

/** import-metrics through the CLI: happy path, replacement, and one test per kind of bad CSV. */
class ImportMetricsJobTest extends SparkTestBase {
  @TempDir Path dir;
  String wh;

  @BeforeEach
  void existingMetrics() {
    wh = dir.resolve("wh").toString();
    // A scores-derived row that no import may touch.
    Row fromScores =
        org.apache.spark.sql.RowFactory.create(
            "m", "mgsm", "en", null, 250, 4, 1000L, 0.7, 0.65, 0.75, null, 0.72, 0.0, 0.0, 0.0,
            900.0, null, null, null, "scores", null);
    spark
        .createDataFrame(List.of(fromScores), MetricsTable.SCHEMA)
        .write()
        .parquet(wh + "/metrics");
  }

  private CliRun importCsv(String name, String content) throws IOException {
    Path csv = dir.resolve(name);
    Files.writeString(csv, content);
    return CliRun.of(
        "import-metrics",
        "--set",
        "polyreason.warehouse=" + wh,
        "--set",
        "polyreason.import-metrics.path=" + csv);
  }

  private List<String> metricsRows() {
    return spark
        .read()
        .parquet(wh + "/metrics")
        .orderBy("model", "lang", "source")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  @Test
  void importsRowsWithWilsonIntervalsAndKeepsOthers() throws IOException {
    CliRun run =
        importCsv(
            "pub.csv",
            "model,benchmark,lang,accuracy,n\n"
                + "m,mgsm,en,0.8,250\n"
                + "m,mgsm,sw,0.25,\n"
                + "other,mgsm,de,\"0.5\",10\n");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> rows =
        spark.read().parquet(wh + "/metrics").orderBy("model", "lang", "source").collectAsList();
    assertThat(rows)
        .extracting(r -> r.getAs("model") + "/" + r.getAs("lang") + "/" + r.getAs("source"))
        .containsExactly("m/en/external", "m/en/scores", "m/sw/external", "other/de/external");
    Row en = rows.get(0);
    Interval wilson = BinomialCi.wilson(0.8, 250, 0.95);
    assertThat(en.<Double>getAs("avg_at_k")).isEqualTo(0.8);
    assertThat(en.<Integer>getAs("n_problems")).isEqualTo(250);
    assertThat(en.<Double>getAs("ci_low")).isCloseTo(wilson.low(), within(1e-12));
    assertThat(en.<Double>getAs("ci_high")).isCloseTo(wilson.high(), within(1e-12));
    assertThat(rows.get(1).<Double>getAs("avg_at_k")).as("scores row untouched").isEqualTo(0.7);
    Row sw = rows.get(2);
    assertThat(sw.isNullAt(sw.fieldIndex("ci_low"))).isTrue();
    assertThat(sw.isNullAt(sw.fieldIndex("n_problems"))).isTrue();

    // A second import replaces external rows of the same key and keeps the rest.
    assertThat(importCsv("pub2.csv", "lang,model,benchmark,accuracy\nen,m,mgsm,0.9\n").exitCode())
        .isZero();
    rows = spark.read().parquet(wh + "/metrics").orderBy("model", "lang", "source").collectAsList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).<Double>getAs("avg_at_k")).isEqualTo(0.9);
    assertThat(rows.get(2).<Double>getAs("avg_at_k")).isEqualTo(0.25);
  }

  private void assertRejected(String content, String... fragments) throws IOException {
    List<String> before = metricsRows();
    CliRun run = importCsv("bad.csv", content);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains(fragments);
    assertThat(metricsRows()).as("nothing written").isEqualTo(before);
  }

  @Test
  void missingColumn() throws IOException {
    assertRejected(
        "model,benchmark,accuracy\nm,mgsm,0.5\n",
        "bad.csv:1",
        "lacks column lang",
        "model,benchmark,lang,accuracy[,n]");
  }

  @Test
  void accuracyOutsideUnitInterval() throws IOException {
    assertRejected(
        "model,benchmark,lang,accuracy\nm,mgsm,en,0.5\nm,mgsm,de,82.4\n",
        "bad.csv:3",
        "82.4",
        "[0, 1]");
  }

  @Test
  void unknownLanguage() throws IOException {
    assertRejected(
        "model,benchmark,lang,accuracy\nm,mgsm,xx,0.5\n",
        "bad.csv:2",
        "Unknown language xx",
        "allowed: ar, bn");
  }

  @Test
  void malformedNumber() throws IOException {
    assertRejected(
        "model,benchmark,lang,accuracy,n\nm,mgsm,en,0.5,many\n",
        "bad.csv:2",
        "many",
        "positive integer");
    assertRejected(
        "model,benchmark,lang,accuracy\nm,mgsm,en,0,5\n", "bad.csv:2", "5 fields, expected 4");
    assertRejected(
        "model,benchmark,lang,accuracy\nm,mgsm,en,half\n",
        "bad.csv:2",
        "accuracy half",
        "a number in [0, 1]");
  }

  @Test
  void missingFileOrPath() {
    CliRun run = CliRun.of("import-metrics", "--set", "polyreason.warehouse=" + wh);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.import-metrics.path");
    run =
        CliRun.of(
            "import-metrics",
            "--set",
            "polyreason.warehouse=" + wh,
            "--set",
            "polyreason.import-metrics.path=" + dir.resolve("absent.csv"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("absent.csv")
        .contains("does not exist");
  }
}
