package org.polyreason.jobs.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * A verl rollout dump written in the documented layout ({@code <dir>/<step>.jsonl}, lines {input,
 * output, gts, score, step}, inputs decoded without special tokens) round-trips through import →
 * score → reward → aggregate, with {@code step} kept in every table.
 */
class VerlRoundTripTest extends SparkTestBase {
  @TempDir static Path root;
  static Path warehouse;
  static final int K = 4;
  static final String EN =
      "Let me work this out step by step. First I add the numbers and then I check the "
          + "result carefully once more before I answer. ";
  static final String DE =
      "Ich rechne das Schritt für Schritt aus. Zuerst addiere ich die Zahlen und dann "
          + "prüfe ich das Ergebnis noch einmal sorgfältig, bevor ich antworte. ";

  static CliRun cli(String job, String... sets) {
    List<String> args = new ArrayList<>(List.of(job, "--set", "polyreason.warehouse=" + warehouse));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Correct rollouts of (lang, step) out of K: step 1 → en 2, de 1; step 2 → en 4, de 3. */
  static int correctOf(String lang, int step) {
    return lang.equals("en") ? (step == 1 ? 2 : 4) : (step == 1 ? 1 : 3);
  }

  @BeforeAll
  static void writeDumpAndImport() throws Exception {
    warehouse = root.resolve("wh");
    Path data = SharedData.require("data/benchmarks");
    CliRun ingest =
        cli(
            "ingest",
            "polyreason.data-root=" + data,
            "polyreason.ingest.benchmarks=[mgsm]",
            "polyreason.ingest.languages=[en, de]");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    Map<String, List<String[]>> problems =
        new LinkedHashMap<>(); // lang -> [question, answer] of 3 problems
    for (String lang : List.of("en", "de")) {
      List<String[]> qa = new ArrayList<>();
      for (String line :
          Files.readAllLines(data.resolve("mgsm/mgsm_" + lang + ".tsv")).subList(0, 3)) {
        String[] f = line.split("\t", -1);
        qa.add(new String[] {f[0], f[1].strip()});
      }
      problems.put(lang, qa);
    }
    ObjectMapper json = new ObjectMapper();
    Path dump = root.resolve("rollouts");
    Files.createDirectories(dump);
    for (int step = 1; step <= 2; step++) {
      List<String> lines = new ArrayList<>();
      for (var e : problems.entrySet()) {
        String lang = e.getKey();
        for (String[] qa : e.getValue()) {
          // what verl logs: the chat prompt decoded with skip_special_tokens=True
          String input =
              "system\nYou are a helpful assistant.\nuser\n"
                  + qa[0]
                  + "\nPlease reason step by step, and put your final answer within \\boxed{}.\nassistant\n";
          for (int i = 0; i < K; i++) {
            boolean correct = i < correctOf(lang, step);
            String answer = correct ? qa[1] : qa[1] + "1";
            String output =
                "<think>\n"
                    + (lang.equals("en") ? EN : DE).repeat(3)
                    + "</think>\n\\boxed{"
                    + answer
                    + "}";
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("input", input);
            rec.put("output", output);
            rec.put("gts", qa[1]);
            rec.put("score", correct ? 1.0 : 0.0);
            rec.put("step", step);
            lines.add(json.writeValueAsString(rec));
          }
        }
      }
      Files.write(dump.resolve(step + ".jsonl"), lines);
    }
    CliRun imp =
        cli(
            "import",
            "polyreason.import.format=verl-rollouts",
            "polyreason.import.path=" + dump,
            "polyreason.import.model=policy",
            "polyreason.import.benchmark=mgsm",
            "polyreason.import.unmatched=error");
    assertThat(imp.exitCode()).as(imp.err()).isZero();
    CliRun score = cli("score");
    assertThat(score.exitCode()).as(score.err()).isZero();
    CliRun reward = cli("reward", "polyreason.reward.export.enabled=true");
    assertThat(reward.exitCode()).as(reward.err()).isZero();
    CliRun agg =
        cli(
            "aggregate",
            "polyreason.aggregate.bootstrap-samples=50",
            "polyreason.aggregate.k-list=[1]");
    assertThat(agg.exitCode()).as(agg.err()).isZero();
  }

  @Test
  void stepSurvivesImportScoreRewardAndAggregate() {
    Dataset<Row> g =
        spark
            .read()
            .parquet(warehouse.resolve("generations").toString())
            .filter("model = 'policy'");
    assertThat(g.count()).isEqualTo(2 * 2 * 3 * K); // steps x langs x problems x rollouts
    assertThat(g.filter("step is null").count()).isZero();
    assertThat(g.select("step", "lang", "problem_id", "sample_idx").distinct().count())
        .isEqualTo(48);
    // the German prompts matched German problems, the English ones English problems
    assertThat(g.filter("lang = 'de' and text like '%Ich rechne%'").count()).isEqualTo(24);
    Dataset<Row> scores =
        spark.read().parquet(warehouse.resolve("scores").toString()).filter("model = 'policy'");
    assertThat(scores.filter("step is null").count()).isZero();
    // the checker agrees with the dump's own score on every rollout
    for (int step = 1; step <= 2; step++) {
      for (String lang : List.of("en", "de")) {
        long correct =
            scores.filter("correct and step = " + step + " and lang = '" + lang + "'").count();
        assertThat(correct)
            .as("correct at step %d in %s", step, lang)
            .isEqualTo(3L * correctOf(lang, step));
      }
    }

    Dataset<Row> rewards =
        spark.read().parquet(warehouse.resolve("rewards").toString()).filter("model = 'policy'");
    assertThat(rewards.count()).isEqualTo(48);
    assertThat(rewards.select("group_id").distinct().count())
        .isEqualTo(12); // (step, lang, problem)
    // step 1, de: 1 of 4 correct → mean 0.25, sample std 0.5, advantages 1.5 and −0.5; learnable
    List<Row> de1 = rewards.filter("step = 1 and lang = 'de'").collectAsList();
    assertThat(de1)
        .hasSize(12)
        .allSatisfy(
            r -> {
              assertThat(r.<Long>getAs("group_size")).isEqualTo(4L);
              assertThat(r.<Double>getAs("group_mean")).isCloseTo(0.25, offset(1e-12));
              assertThat(r.<Double>getAs("group_std")).isCloseTo(0.5, offset(1e-12));
              assertThat(r.<Double>getAs("advantage"))
                  .isCloseTo(
                      r.<Double>getAs("accuracy") == 1.0 ? 0.75 / 0.500001 : -0.25 / 0.500001,
                      offset(1e-9));
              assertThat(r.<Boolean>getAs("learnable")).isTrue();
              assertThat(r.<Double>getAs("language_share")).isEqualTo(1.0);
              assertThat(r.<Boolean>getAs("consistent")).isTrue();
            });
    // step 2, en: all correct → not learnable, advantage 0
    assertThat(rewards.filter("step = 2 and lang = 'en' and (learnable or advantage != 0)").count())
        .isZero();

    // the RL export: one row per learnable (benchmark, problem, lang), numbered 0.. in that order
    List<Row> rl =
        spark
            .read()
            .parquet(
                warehouse.resolve("trainer-data/rejection-sampling/verl/train.parquet").toString())
            .selectExpr(
                "extra_info.index",
                "concat_ws('/', extra_info.benchmark, extra_info.problem_id, extra_info.lang)")
            .orderBy("index")
            .collectAsList();
    List<String> learnable =
        rewards
            .filter("learnable")
            .selectExpr("concat_ws('/', benchmark, problem_id, lang) AS k")
            .distinct()
            .orderBy("k")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(learnable).hasSizeGreaterThan(1);
    assertThat(rl)
        .extracting(r -> r.getLong(0))
        .containsExactlyElementsOf(
            java.util.stream.LongStream.range(0, learnable.size()).boxed().toList());
    assertThat(rl).extracting(r -> r.getString(1)).containsExactlyElementsOf(learnable);

    // metrics per step: avg@1 = correct / K per language, rising from step 1 to step 2
    List<Row> metrics =
        spark
            .read()
            .parquet(warehouse.resolve("metrics").toString())
            .filter("model = 'policy' and lang != 'ALL'")
            .orderBy("step", "lang")
            .collectAsList();
    assertThat(metrics).hasSize(4);
    for (Row m : metrics) {
      long step = m.<Long>getAs("step");
      String lang = m.getAs("lang");
      assertThat(m.<Double>getAs("avg_at_k"))
          .as("avg@1 of %s at step %d", lang, step)
          .isCloseTo(correctOf(lang, (int) step) / (double) K, offset(1e-12));
    }
  }

  @Test
  void theReportDrawsPerStepCurvesAndRewardMeans() throws Exception {
    Path out = root.resolve("report");
    CliRun report = cli("report", "polyreason.report.out=" + out);
    assertThat(report.exitCode()).as(report.err()).isZero();
    String md = Files.readString(out.resolve("summary.md"));
    assertThat(md).contains("Training steps", "Rewards", "reward\\_gated");
    assertThat(Files.exists(out.resolve("figures/steps-policy-mgsm.png"))).isTrue();
    assertThat(Files.exists(out.resolve("figures/steps-policy-mgsm.svg"))).isTrue();
  }

  @Test
  void aVerlGenerationParquetBuiltFromAParallelSetImportsByExtraInfo() {
    CliRun set =
        cli(
            "parallel-data",
            "polyreason.parallel-data.benchmarks=[mgsm]",
            "polyreason.parallel-data.languages=[en, de]",
            "polyreason.parallel-data.n-list=[2]",
            "polyreason.parallel-data.budget=6",
            "polyreason.parallel-data.val-fraction=0",
            "polyreason.parallel-data.formats=[verl]");
    assertThat(set.exitCode()).as(set.err()).isZero();
    Path train = warehouse.resolve("trainer-data/fixed-budget-n2/verl/train.parquet");
    // what verl's main_generation writes: the input rows plus responses (n = 2 per prompt)
    Path out = root.resolve("gen");
    spark
        .read()
        .parquet(train.toString())
        .withColumn(
            "responses",
            org.apache.spark.sql.functions.expr(
                "array(concat('<think>x</think> \\\\boxed{', reward_model.ground_truth, '}'), '<think>x</think> \\\\boxed{0}')"))
        .coalesce(1)
        .write()
        .parquet(out.toString());
    CliRun imp =
        cli(
            "import",
            "polyreason.import.format=verl-generation",
            "polyreason.import.path=" + out,
            "polyreason.import.model=gen-policy",
            "polyreason.import.benchmark=mgsm",
            "polyreason.import.unmatched=error");
    assertThat(imp.exitCode()).as(imp.err()).isZero();
    Dataset<Row> g =
        spark
            .read()
            .parquet(warehouse.resolve("generations").toString())
            .filter("model = 'gen-policy'");
    assertThat(g.count()).isEqualTo(12); // 3 problems x 2 languages x 2 responses
    assertThat(g.filter("step is null and think_lang = lang").count()).isEqualTo(12);
    assertThat(g.select("lang").distinct().count()).isEqualTo(2);
    assertThat(g.filter("sample_idx = 0 and text like '%boxed{0}%'").count()).isZero();
  }
}
