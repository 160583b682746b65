package org.polyreason.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * generate with the model and tokenizer given as a file:// URI: copied to the model cache, same
 * texts.
 */
class ModelUriGenerateTest extends SparkTestBase {
  @TempDir Path root;

  private CliRun cli(Path wh, String job, String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                job,
                "--set",
                "polyreason.warehouse=" + wh,
                "--set",
                "polyreason.data-root=" + SharedData.require("data/benchmarks"),
                "--set",
                "polyreason.model-cache.dir=" + root.resolve("cache")));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  private CliRun generate(Path wh, String modelLocation, String... extra) {
    CliRun ingest =
        cli(
            wh,
            "ingest",
            "polyreason.ingest.benchmarks=[mgsm]",
            "polyreason.ingest.languages=[de]");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    List<String> sets =
        new ArrayList<>(
            List.of(
                "polyreason.models.tiny.path=" + modelLocation,
                "polyreason.models.tiny.template=chatml",
                "polyreason.generate.models=[tiny]",
                "polyreason.generate.limit-per-language=2",
                "polyreason.generate.max-new-tokens=6",
                "polyreason.generate.temperature=0.8",
                "polyreason.generate.samples=2"));
    sets.addAll(List.of(extra));
    return cli(wh, "generate", sets.toArray(String[]::new));
  }

  private Map<String, String> textAndRevisionByKey(Path wh) {
    return spark.read().parquet(wh.resolve("generations").toString()).collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.<String>getAs("sample_key"),
                (Row r) -> r.<String>getAs("model_revision") + "|" + r.<String>getAs("text")));
  }

  @Test
  void aFileUriModelGeneratesWhatItsLocalPathGenerates() throws IOException {
    Path model = SharedData.require("models/tiny-random-llama-onnx-fp16");
    CliRun local = generate(root.resolve("local"), model.toString());
    assertThat(local.exitCode()).as(local.err()).isZero();
    assertThat(root.resolve("cache")).doesNotExist();

    CliRun uri = generate(root.resolve("uri"), model.toUri().toString());
    assertThat(uri.exitCode()).as(uri.err()).isZero();
    Map<String, String> expected = textAndRevisionByKey(root.resolve("local"));
    assertThat(expected).hasSize(4);
    assertThat(textAndRevisionByKey(root.resolve("uri"))).isEqualTo(expected);
    try (Stream<Path> s = Files.list(root.resolve("cache"))) {
      assertThat(s.filter(Files::isDirectory).toList())
          .singleElement()
          .satisfies(e -> assertThat(e.resolve("model.onnx.data")).exists());
    }
  }

  @Test
  void aMissingUriOrABadCacheSizeExits2NamingIt() {
    String missing = root.resolve("no-such-model").toUri().toString();
    CliRun run = generate(root.resolve("bad"), missing);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("Model file or folder " + missing + " does not exist", "polyreason.models.tiny");

    Path model = SharedData.require("models/tiny-random-llama-onnx-fp16");
    CliRun size =
        generate(
            root.resolve("bad"), model.toUri().toString(), "polyreason.model-cache.max-size=lots");
    assertThat(size.exitCode()).isEqualTo(2);
    assertThat(size.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.model-cache.max-size", "lots");
    assertThat(root.resolve("bad/generations")).doesNotExist();
  }
}
