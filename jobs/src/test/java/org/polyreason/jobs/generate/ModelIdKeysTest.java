package org.polyreason.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * Finding 2 of the integrity issue, replayed with the real tiny ONNX model: two model ids on the
 * same files are two models; each gets its own generations and, after score, its own scores.
 */
class ModelIdKeysTest extends SparkTestBase {
  @TempDir Path wh;

  CliRun cli(String job, String... sets) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                job,
                "--set",
                "polyreason.warehouse=" + wh,
                "--set",
                "polyreason.data-root=" + SharedData.require("data/benchmarks")));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  Map<String, Long> perModel(String table) {
    return spark
        .read()
        .parquet(wh.resolve(table).toString())
        .groupBy("model")
        .count()
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  @Test
  void twoModelIdsOnTheSameFilesEachGetGenerationsAndScores() {
    Path model = SharedData.require("models/tiny-random-llama-onnx-fp16");
    CliRun ingest =
        cli("ingest", "polyreason.ingest.benchmarks=[mgsm]", "polyreason.ingest.languages=[en]");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    CliRun gen =
        cli(
            "generate",
            "polyreason.models.tiny-a.path=" + model,
            "polyreason.models.tiny-a.template=chatml",
            "polyreason.models.tiny-b.path=" + model,
            "polyreason.models.tiny-b.template=chatml",
            "polyreason.generate.models=[tiny-a, tiny-b]",
            "polyreason.generate.limit-per-language=2",
            "polyreason.generate.max-new-tokens=4",
            "polyreason.generate.batch-size=2");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    assertThat(perModel("generations"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("tiny-a", 2L, "tiny-b", 2L));
    assertThat(
            spark
                .read()
                .parquet(wh.resolve("generations").toString())
                .select("sample_key")
                .distinct()
                .count())
        .isEqualTo(4);
    CliRun score = cli("score", "polyreason.score.detect-language=false");
    assertThat(score.exitCode()).as(score.err()).isZero();
    assertThat(perModel("scores"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("tiny-a", 2L, "tiny-b", 2L));
  }
}
