package org.polyreason.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * The generate job with the real tiny ONNX model: resume, sample growth, sharding independence,
 * errors.
 */
class GenerateJobTest extends SparkTestBase {
  @TempDir static Path root;
  static Path model;
  static Path data;

  @BeforeAll
  static void ingest() {
    data = SharedData.require("data/benchmarks");
    model = SharedData.require("models/tiny-random-llama-onnx-fp16");
  }

  static CliRun cli(Path warehouse, String job, String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                job,
                "--set",
                "polyreason.warehouse=" + warehouse,
                "--set",
                "polyreason.data-root=" + data));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  static Path warehouseWithProblems(String name) {
    Path wh = root.resolve(name);
    CliRun run =
        cli(
            wh,
            "ingest",
            "polyreason.ingest.benchmarks=[mgsm]",
            "polyreason.ingest.languages=[en, de]");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return wh;
  }

  static CliRun generate(Path wh, String... extra) {
    List<String> sets =
        new ArrayList<>(
            List.of(
                "polyreason.models.tiny.path=" + model,
                "polyreason.models.tiny.template=chatml",
                "polyreason.generate.models=[tiny]",
                "polyreason.generate.limit-per-language=3",
                "polyreason.generate.max-new-tokens=6",
                "polyreason.generate.temperature=0.8",
                "polyreason.generate.top-p=0.95",
                "polyreason.generate.batch-size=4"));
    sets.addAll(List.of(extra));
    return cli(wh, "generate", sets.toArray(String[]::new));
  }

  static Dataset<Row> generations(Path wh) {
    return spark.read().parquet(wh.resolve("generations").toString());
  }

  static Map<String, String> textByKey(Path wh) {
    return generations(wh).collectAsList().stream()
        .collect(
            Collectors.toMap(r -> r.<String>getAs("sample_key"), r -> r.<String>getAs("text")));
  }

  @Test
  void resumesOnlyMissingKeysAndGrowsSamples() {
    Path wh = warehouseWithProblems("resume");
    CliRun first =
        generate(
            wh,
            "polyreason.generate.samples=2",
            "polyreason.generate.think-languages=[none, same]");
    assertThat(first.exitCode()).as(first.err()).isZero();
    Dataset<Row> g = generations(wh);
    assertThat(g.count()).isEqualTo(2 * 3 * 2 * 2); // langs x problems x think-languages x samples
    assertThat(g.filter("finish_reason = 'error'").count()).isZero();
    assertThat(
            g.filter("engine != 'onnxruntime' or device is null or completion_tokens < 1").count())
        .isZero();
    assertThat(g.filter("think_lang is not null and think_lang != lang").count()).isZero();

    CliRun again =
        generate(
            wh,
            "polyreason.generate.samples=2",
            "polyreason.generate.think-languages=[none, same]");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(generations(wh).count()).isEqualTo(24);

    CliRun more =
        generate(
            wh,
            "polyreason.generate.samples=4",
            "polyreason.generate.think-languages=[none, same]");
    assertThat(more.exitCode()).as(more.err()).isZero();
    Dataset<Row> grown = generations(wh);
    assertThat(grown.count()).isEqualTo(48);
    assertThat(grown.select("sample_key").distinct().count()).isEqualTo(48);
    assertThat(grown.groupBy("run_id").count().count()).isEqualTo(2); // the no-op run wrote nothing
  }

  /**
   * A model id names one revision: generating a retrained model (here: another pinned revision)
   * under the same id replaces the old revision's samples instead of adding to them, and the next
   * score drops their scores, so aggregate never pools two models' answers as samples of one.
   */
  @Test
  void aNewRevisionReplacesTheModelsSamplesAndScoreDropsTheirScores() {
    Path wh = warehouseWithProblems("revisions");
    CliRun first = generate(wh, "polyreason.models.tiny.revision=r1");
    assertThat(first.exitCode()).as(first.err()).isZero();
    CliRun score = cli(wh, "score", "polyreason.score.detect-language=false");
    assertThat(score.exitCode()).as(score.err()).isZero();
    assertThat(spark.read().parquet(wh.resolve("scores").toString()).count()).isEqualTo(6);

    CliRun second = generate(wh, "polyreason.models.tiny.revision=r2");
    assertThat(second.exitCode()).as(second.err()).isZero();
    Dataset<Row> g = generations(wh);
    assertThat(g.count()).isEqualTo(6); // 2 languages x 3 problems x 1 sample, of r2 only
    assertThat(g.filter("model_revision = 'r2'").count()).isEqualTo(6);

    CliRun rescore = cli(wh, "score", "polyreason.score.detect-language=false");
    assertThat(rescore.exitCode()).as(rescore.err()).isZero();
    Dataset<Row> scores = spark.read().parquet(wh.resolve("scores").toString());
    assertThat(scores.count()).isEqualTo(6);
    assertThat(scores.join(g, "sample_key", "left_anti").count()).isZero();

    List<Row> current = g.collectAsList();
    CliRun again = generate(wh, "polyreason.models.tiny.revision=r2");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(generations(wh).collectAsList()).hasSameElementsAs(current); // nothing to redo
  }

  @Test
  void rolloutGroupsShareOneGroupIdAreShardIndependentAndResume() {
    Path one = warehouseWithProblems("g1");
    Path two = warehouseWithProblems("g2");
    CliRun a =
        generate(one, "polyreason.generate.group-size=4", "polyreason.generate.partitions=1");
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(
            generate(two, "polyreason.generate.group-size=4", "polyreason.generate.partitions=3")
                .exitCode())
        .isZero();
    Dataset<Row> g = generations(one);
    assertThat(g.count()).isEqualTo(2 * 3 * 4); // langs x problems x group size
    // one group per (problem, lang, think_lang), of exactly 4 distinct samples
    List<Row> groups =
        g.groupBy("group_id")
            .agg(
                org.apache.spark.sql.functions.count("*").as("k"),
                org.apache.spark.sql.functions.countDistinct("problem_id", "lang").as("problems"),
                org.apache.spark.sql.functions.countDistinct("sample_idx").as("idx"))
            .collectAsList();
    assertThat(groups)
        .hasSize(6)
        .allSatisfy(
            r -> {
              assertThat(r.<String>getAs("group_id")).hasSize(64);
              assertThat(r.<Long>getAs("k")).isEqualTo(4L);
              assertThat(r.<Long>getAs("problems")).isEqualTo(1L);
              assertThat(r.<Long>getAs("idx")).isEqualTo(4L);
            });
    assertThat(g.filter("step is not null").count()).isZero();
    assertThat(textByKey(one)).isEqualTo(textByKey(two));
    assertThat(generations(one).select("sample_key", "group_id").collectAsList())
        .containsExactlyInAnyOrderElementsOf(
            generations(two).select("sample_key", "group_id").collectAsList());
    CliRun again = generate(one, "polyreason.generate.group-size=4");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(generations(one).count()).isEqualTo(24);

    CliRun greedy =
        generate(one, "polyreason.generate.group-size=4", "polyreason.generate.temperature=0");
    assertThat(greedy.exitCode()).isEqualTo(2);
    assertThat(greedy.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.generate.temperature", "group-size = 4");
  }

  @Test
  void sameSeedGivesTheSameTextWithOneAndThreePartitions() {
    Path one = warehouseWithProblems("p1");
    Path three = warehouseWithProblems("p3");
    assertThat(
            generate(one, "polyreason.generate.partitions=1", "polyreason.generate.samples=2")
                .exitCode())
        .isZero();
    assertThat(
            generate(three, "polyreason.generate.partitions=3", "polyreason.generate.samples=2")
                .exitCode())
        .isZero();
    Map<String, String> a = textByKey(one);
    Map<String, String> b = textByKey(three);
    assertThat(a).hasSize(12).isEqualTo(b);
    // sampling is on (temperature 0.8), so two samples of one problem usually differ
    assertThat(a.values().stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void failingRowsAreRecordedAsErrorsAndTheRateIsEnforced() {
    Path wh = warehouseWithProblems("errors");
    CliRun tolerant =
        generate(
            wh, "polyreason.models.tiny.max-context=8", "polyreason.generate.max-error-rate=1.0");
    assertThat(tolerant.exitCode()).as(tolerant.err()).isZero();
    Dataset<Row> g = generations(wh);
    assertThat(g.count()).isEqualTo(6);
    assertThat(g.filter("finish_reason = 'error' and error is not null").count()).isEqualTo(6);

    CliRun strict = generate(wh, "polyreason.models.tiny.max-context=8");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.err()).contains("6 of 6 samples failed", "max-error-rate");
  }

  @Test
  void djlBlockModelBuiltByTheTestGeneratesAndResumes() throws Exception {
    // A GPT built from DJL blocks on the PyTorch engine, sized to the tiny model's tokenizer (32k
    // ids).
    Path dir = root.resolve("block-model");
    var config = new org.polyreason.inference.BlockGptConfig(32064, 128, 32, 2, 4, 7L);
    org.polyreason.inference.BlockGptModel.create(config, ai.djl.Device.cpu()).save(dir, "block");
    Path one = warehouseWithProblems("block1");
    Path three = warehouseWithProblems("block3");
    String[] sets = {
      "polyreason.models.block.path=" + dir,
      "polyreason.models.block.engine=djl-block",
      "polyreason.models.block.tokenizer=" + model,
      "polyreason.generate.models=[block]",
      "polyreason.generate.limit-per-language=2",
      "polyreason.generate.max-new-tokens=5",
      "polyreason.generate.temperature=0.7",
      "polyreason.generate.samples=2"
    };
    CliRun a = cli(one, "generate", concat(sets, "polyreason.generate.partitions=1"));
    assertThat(a.exitCode()).as(a.err()).isZero();
    CliRun b = cli(three, "generate", concat(sets, "polyreason.generate.partitions=3"));
    assertThat(b.exitCode()).as(b.err()).isZero();
    assertThat(textByKey(one)).hasSize(8).isEqualTo(textByKey(three));
    assertThat(generations(one).filter("engine != 'djl-block' or finish_reason = 'error'").count())
        .isZero();
    CliRun again = cli(one, "generate", concat(sets, "polyreason.generate.samples=3"));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(generations(one).count()).isEqualTo(12);
  }

  static String[] concat(String[] a, String... b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }

  @Test
  void badModelSpecsExit2BeforeSparkWork() {
    Path wh = root.resolve("bad-model");
    CliRun missing = generate(wh, "polyreason.models.tiny.path=" + root.resolve("no-such-model"));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.errLines()).singleElement().asString().contains("tiny", "no-such-model");

    Path qwen = SharedData.require("models/qwen3-tokenizer");
    CliRun vocab = generate(wh, "polyreason.models.tiny.tokenizer=" + qwen);
    assertThat(vocab.exitCode()).isEqualTo(2);
    assertThat(vocab.errLines()).singleElement().asString().contains("tokenizer", "vocabulary");

    CliRun unknown = generate(wh, "polyreason.generate.models=[nope]");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.generate.models: nope");
    assertThat(wh.resolve("generations")).doesNotExist();
  }
}
