package org.polyreason.jobs.reward;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * ingest → import → score → reward on the real s1.1-7B MGSM traces (reasoning forced to the
 * question language).
 */
class RewardJobTest extends SparkTestBase {
  @TempDir static Path warehouse;

  static CliRun cli(String job, String... sets) {
    List<String> args = new ArrayList<>(List.of(job, "--set", "polyreason.warehouse=" + warehouse));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  @BeforeAll
  static void ingestImportScore() {
    Path data = SharedData.require("data/benchmarks");
    Path s1 = SharedData.require("data/generations/s1-language-forcing-mgsm/data/7B_combined");
    assertThat(
            cli("ingest", "polyreason.data-root=" + data, "polyreason.ingest.benchmarks=[mgsm]")
                .exitCode())
        .isZero();
    CliRun imp =
        cli(
            "import",
            "polyreason.import.format=s1",
            "polyreason.import.path=" + s1,
            "polyreason.import.model=s1.1-7B",
            "polyreason.import.think-lang=same");
    assertThat(imp.exitCode()).as(imp.err()).isZero();
    CliRun score = cli("score", "polyreason.score.detect-language=false");
    assertThat(score.exitCode()).as(score.err()).isZero();
  }

  @Test
  void fiveFormulasAsColumnsAgreeWithTheirDefinitionOnEveryTrace() throws Exception {
    CliRun run =
        cli(
            "reward",
            "polyreason.reward.export.enabled=true",
            "polyreason.reward.export.max-per-problem=1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Dataset<Row> rewards = spark.read().parquet(warehouse.resolve("rewards").toString()).cache();
    Dataset<Row> scores = spark.read().parquet(warehouse.resolve("scores").toString());
    long n = scores.count();
    assertThat(n).isGreaterThan(1000);
    assertThat(rewards.count()).isEqualTo(n);
    assertThat(rewards.columns())
        .contains(
            "accuracy",
            "format",
            "language_share",
            "consistent",
            "reward_accuracy",
            "reward_r1",
            "reward_format_accuracy_language",
            "reward_slc",
            "reward_gated",
            "group_id",
            "group_mean",
            "group_std",
            "advantage",
            "learnable");
    // accuracy is the checker's verdict, row by row
    Dataset<Row> j = rewards.join(scores.select(col("sample_key"), col("correct")), "sample_key");
    assertThat(j.filter("accuracy != cast(correct as double)").count()).isZero();
    // each formula from its components, on every row
    assertThat(
            rewards
                .filter("abs(reward_r1 - (accuracy + coalesce(language_share, 0))) > 1e-12")
                .count())
        .isZero();
    assertThat(
            rewards
                .filter(
                    "abs(reward_format_accuracy_language - (0.2 * format + accuracy"
                        + " + 0.2 * coalesce(language_share, 0))) > 1e-12")
                .count())
        .isZero();
    assertThat(
            rewards
                .filter(
                    "abs(reward_slc - (0.9 * accuracy + 0.1 * cast(consistent as double))) > 1e-12")
                .count())
        .isZero();
    assertThat(
            rewards
                .filter(
                    "reward_gated != case when not consistent then 0.0 when accuracy = 1 then 1.0"
                        + " else 0.1 end")
                .count())
        .isZero();
    assertThat(rewards.filter("reward_accuracy != accuracy").count()).isZero();
    // one trace per problem: every group has one rollout, none learnable
    assertThat(rewards.filter("advantage != 0 or learnable").count()).isZero();

    List<Row> means =
        rewards
            .groupBy("lang")
            .agg(
                avg("reward_accuracy").as("acc"),
                avg("language_share").as("share"),
                avg(col("consistent").cast("double")).as("consistent"),
                avg("reward_r1").as("r1"),
                avg("reward_format_accuracy_language").as("fal"),
                avg("reward_slc").as("slc"),
                avg("reward_gated").as("gated"))
            .orderBy("lang")
            .collectAsList();
    for (Row m : means) {
      System.out.printf(
          "s1.1-7B %s: accuracy %.3f share %.3f consistent %.3f r1 %.3f fal %.3f slc %.3f gated %.3f%n",
          m.get(0),
          m.getDouble(1),
          m.getDouble(2),
          m.getDouble(3),
          m.getDouble(4),
          m.getDouble(5),
          m.getDouble(6),
          m.getDouble(7));
    }
    Row en = means.stream().filter(m -> m.getString(0).equals("en")).findFirst().orElseThrow();
    // English reasoning forced to English is English
    assertThat(en.getDouble(2)).isGreaterThan(0.95);

    // the report lists the per-language means of every formula
    Path report = warehouse.resolve("report");
    CliRun rep = cli("report", "polyreason.report.out=" + report);
    assertThat(rep.exitCode()).as(rep.err()).isZero();
    String md = Files.readString(report.resolve("summary.md"));
    // summary.md escapes Markdown in every value: the column names' underscores come out as \_
    assertThat(md)
        .contains(
            "## Rewards",
            "reward\\_accuracy",
            "reward\\_r1",
            "reward\\_format\\_accuracy\\_language",
            "reward\\_slc",
            "reward\\_gated");
    for (Row m : means) {
      assertThat(md)
          .contains(
              String.format(
                  java.util.Locale.ROOT,
                  "| s1.1-7B | mgsm | – | %s | %.3f |",
                  m.getString(0),
                  m.getDouble(2)));
    }

    // rejection sampling: at most one correct, consistent rollout per problem and language
    Dataset<Row> sft =
        spark
            .read()
            .parquet(
                warehouse.resolve("trainer-data/rejection-sampling/sft/train.parquet").toString());
    long accepted =
        rewards
            .filter("accuracy = 1 and consistent")
            .select("problem_id", "lang")
            .distinct()
            .count();
    assertThat(accepted).isPositive();
    assertThat(sft.count()).isEqualTo(accepted);
    Row first = sft.first();
    List<Row> messages = first.getList(first.fieldIndex("messages"));
    assertThat(messages).extracting(m -> m.getString(0)).containsExactly("user", "assistant");
    assertThat(
            Files.exists(warehouse.resolve("trainer-data/rejection-sampling/verl/train.parquet")))
        .isTrue();
  }

  @Test
  void anUnknownFormulaExits2NamingTheKey() {
    CliRun run = cli("reward", "polyreason.reward.formulas=[accuracy, r2]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.reward.formulas", "r2");
  }
}
