package org.polyreason.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/** Finding 3 of the integrity issue, replayed: ingesting a subset keeps the other benchmarks. */
class IngestPartitionsTest extends SparkTestBase {
  @TempDir Path warehouse;

  CliRun ingest(String benchmarks, String languages) {
    return CliRun.of(
        "ingest",
        "--set",
        "polyreason.warehouse=" + warehouse,
        "--set",
        "polyreason.data-root=" + SharedData.require("data/benchmarks"),
        "--set",
        "polyreason.ingest.benchmarks=" + benchmarks,
        "--set",
        "polyreason.ingest.languages=" + languages);
  }

  Map<String, Long> perBenchmark() {
    return spark
        .read()
        .parquet(warehouse.resolve("problems").toString())
        .groupBy("benchmark")
        .count()
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  @Test
  void ingestingOneBenchmarkReplacesOnlyItsPartition() {
    CliRun both = ingest("[mgsm, msvamp]", "[en, de]");
    assertThat(both.exitCode()).as(both.err()).isZero();
    assertThat(perBenchmark())
        .containsExactlyInAnyOrderEntriesOf(Map.of("mgsm", 500L, "msvamp", 2000L));

    CliRun mgsmOnly = ingest("[mgsm]", "[en]");
    assertThat(mgsmOnly.exitCode()).as(mgsmOnly.err()).isZero();
    assertThat(perBenchmark())
        .as("msvamp kept, mgsm replaced by the new (English-only) rows")
        .containsExactlyInAnyOrderEntriesOf(Map.of("mgsm", 250L, "msvamp", 2000L));
    assertThat(
            spark
                .read()
                .parquet(warehouse.resolve("problems").toString())
                .filter("benchmark = 'mgsm' and lang = 'de'")
                .count())
        .isZero();
  }
}
