package org.polyreason.jobs.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * conf/studies/parallel-miniature.conf end to end on a reduced setting (tiny models, few steps and
 * problems): every stage runs in order, the scaling law is fitted on the series the train job wrote
 * (several seeds per N) with the First-Parallel Leap's CI, transfer pairs every model with its base
 * and with N = 1, and the report has the parallel-training section. What the default setting
 * measures is in the README; here the numbers are noise and only their consistency is checked.
 */
class MiniatureStudyTest extends SparkTestBase {
  @TempDir static Path dir;
  static Path wh;
  static CliRun run;

  static final String[] REDUCED = {
    "polyreason.train.n=[1, 2, 3, 4]",
    "polyreason.train.seeds=[1, 2]",
    "polyreason.train.model.width=16",
    "polyreason.train.model.layers=1",
    "polyreason.train.model.heads=2",
    "polyreason.train.model.context=160",
    "polyreason.train.pretrain.steps=20",
    "polyreason.train.pretrain.batch-size=8",
    "polyreason.train.pretrain.warmup-steps=2",
    "polyreason.train.pretrain.equation-drills=800",
    "polyreason.train.pretrain.drill-steps=6",
    "polyreason.train.post-train.steps=8",
    "polyreason.train.post-train.batch-size=8",
    "polyreason.train.post-train.warmup-steps=1",
    "polyreason.ingest.synthetic.train-problems=300",
    "polyreason.parallel-data.budget=48",
    "polyreason.ingest.synthetic.test-problems=300",
    "polyreason.generate.limit-per-language=12",
    "polyreason.generate.max-new-tokens=12",
    "polyreason.aggregate.bootstrap-samples=50",
    "polyreason.transfer.bootstrap-samples=50",
    "polyreason.scaling-law.bootstrap-samples=100",
    // every model probed (the default probes the base alone)
    "polyreason.train.probe.stages=[pretrain, post-train]"
  };

  @BeforeAll
  static void runTheStudy() {
    wh = dir.resolve("wh");
    List<String> args =
        new ArrayList<>(
            List.of(
                "study",
                "--set",
                "polyreason.study.file="
                    + SharedData.repo().resolve("conf/studies/parallel-miniature.conf"),
                "--set",
                "polyreason.warehouse=" + wh));
    for (String s : REDUCED) {
      args.add("--set");
      args.add(s);
    }
    run = CliRun.of(args.toArray(String[]::new));
  }

  static List<Row> rows(String table, String order) {
    return spark.read().parquet(wh.resolve(table).toString()).orderBy(order).collectAsList();
  }

  @Test
  void everyStageRunsInTheGraphsOrder() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(rows("study_state", "stage_index"))
        .extracting(r -> r.<String>getAs("stage") + ":" + r.<String>getAs("status"))
        .containsExactly(
            "ingest-synthetic:success",
            "parallel-data-miniature:success",
            "train-miniature:success",
            "generate-miniature:success",
            "score:success",
            "aggregate:success",
            "transfer-miniature:success",
            "scaling-law-miniature:success",
            "report:success");
    // 1 base + 4 N x 2 seeds, each evaluated on 12 test problems in 8 languages
    assertThat(rows("trained_models", "model_id")).hasSize(9);
    assertThat(spark.read().parquet(wh.resolve("generations").toString()).count())
        .isEqualTo(9 * 8 * 12);
  }

  @Test
  void theScalingLawIsFittedOnTheSeriesWithTheLeapsIntervalAndTheAlternatives() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> fits = rows("scaling_fits", "form");
    assertThat(fits)
        .extracting(r -> r.<String>getAs("form"))
        .containsExactly("log", "power", "saturating");
    for (Row f : fits) {
      assertThat(f.<String>getAs("series")).isEqualTo("miniature");
      List<Row> points = f.getList(f.fieldIndex("points"));
      assertThat(points).extracting(p -> p.<Integer>getAs("n")).containsExactly(1, 2, 3, 4);
      for (Row p : points) {
        assertThat(p.getList(p.fieldIndex("models"))).hasSize(2);
        // held out: the evaluated languages no model was post-trained on (en de zh ru are)
        List<Row> langs = p.getList(p.fieldIndex("languages"));
        assertThat(langs).hasSize(8);
        double heldOut =
            langs.stream()
                .filter(l -> List.of("es", "fr", "sw", "th").contains(l.<String>getAs("lang")))
                .mapToDouble(l -> l.<Double>getAs("y"))
                .average()
                .orElseThrow();
        assertThat(p.<Double>getAs("y"))
            .isCloseTo(heldOut, org.assertj.core.data.Offset.offset(1e-9));
      }
      Double leap = f.getAs("first_parallel_leap");
      Double low = f.getAs("first_parallel_leap_ci_low");
      Double high = f.getAs("first_parallel_leap_ci_high");
      assertThat(leap).isNotNull();
      assertThat(low).isNotNull().isLessThanOrEqualTo(high);
      assertThat(f.<Integer>getAs("ci_problems")).isEqualTo(12);
    }
    // y of a language at N = the mean over the N's seeds of that model's accuracy there (scores)
    Row p3 =
        fits.get(1).<Row>getList(fits.get(1).fieldIndex("points")).stream()
            .filter(p -> p.<Integer>getAs("n") == 3)
            .findFirst()
            .orElseThrow();
    double fromScores =
        spark
            .read()
            .parquet(wh.resolve("scores").toString())
            .filter("model in ('mini-n3-s1', 'mini-n3-s2') and lang = 'fr'")
            .groupBy("model")
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .avg(org.apache.spark.sql.functions.expr("cast(verdict = 'correct' as double)"))
                    .as("acc"))
            .agg(org.apache.spark.sql.functions.avg("acc"))
            .first()
            .getDouble(0);
    double fr =
        p3.<Row>getList(p3.fieldIndex("languages")).stream()
            .filter(l -> "fr".equals(l.getAs("lang")))
            .findFirst()
            .orElseThrow()
            .getAs("y");
    assertThat(fr).isCloseTo(fromScores, org.assertj.core.data.Offset.offset(1e-9));
    // a form that cannot describe the points (a power law through y = 0: these tiny models answer
    // next to nothing) has null parameters and says why; the log form fits any points
    for (Row f : fits) {
      if (f.getAs("a") == null) {
        assertThat(f.<String>getAs("fit_null_reason")).startsWith(f.<String>getAs("form") + ":");
      } else {
        assertThat(f.<String>getAs("fit_null_reason")).isNull();
        if (!"saturating".equals(f.getAs("form"))) {
          assertThat(f.<Double>getAs("loo_error"))
              .as("LOO of 3 fitted points, 2 parameters")
              .isNotNull();
        }
      }
    }
    assertThat(fits.get(0).<Double>getAs("a")).as("log fits").isNotNull();
  }

  @Test
  void transferPairsEveryModelWithItsBaseAndWithNOne() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> t = rows("transfer", "model");
    // 8 models vs the base, 6 models with N > 1 vs the N = 1 model of their seed
    assertThat(t).hasSize(14);
    assertThat(t)
        .filteredOn(r -> "mini-n3-s2".equals(r.getAs("model")))
        .extracting(r -> r.<String>getAs("base_model"))
        .containsExactlyInAnyOrder("mini-base", "mini-n1-s2");
  }

  @Test
  void theReportHasTheParallelTrainingSection() throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    String md = Files.readString(wh.resolve("report").resolve("summary.md"));
    assertThat(md)
        .contains(
            "Series miniature (synthetic)", "leap CI", "Accuracy per language and N", "Reading:");
    assertThat(wh.resolve("report").resolve("figures").resolve("scaling-miniature.png"))
        .isRegularFile();
  }

  @Test
  void theTranslationProbeCoversEveryTrainedModelAlikeAndReachesTheReport() throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> models = rows("trained_models", "model_id");
    assertThat(models).hasSize(1 + 4 * 2);
    List<Row> probes = rows("translation_probes", "model_id");
    java.util.Map<String, List<String>> perModel = new java.util.TreeMap<>();
    for (Row r : probes) {
      perModel
          .computeIfAbsent(r.getAs("model_id"), k -> new ArrayList<>())
          .add(r.getAs("lang") + " " + r.getAs("probe") + " " + r.getAs("items"));
      assertThat(r.<String>getAs("base_model"))
          .isEqualTo(r.<String>getAs("model_id").equals("mini-base") ? null : "mini-base");
    }
    assertThat(perModel.keySet())
        .containsExactlyElementsOf(models.stream().map(m -> m.<String>getAs("model_id")).toList());
    // the same items for every model: the languages whose questions fit the context (160) next to
    // the English statement, 2 probes each, the first 200 problems with an operation partner
    List<String> base = perModel.get("mini-base").stream().sorted().toList();
    assertThat(base).isNotEmpty().allMatch(s -> !s.startsWith("en "));
    perModel.values().forEach(v -> assertThat(v).containsExactlyInAnyOrderElementsOf(base));
    assertThat(probes)
        .allMatch(r -> r.<Integer>getAs("items") > 0 && r.<Integer>getAs("items") <= 200);
    String md = Files.readString(wh.resolve("report").resolve("summary.md"));
    assertThat(md)
        .contains("Translation probe:", "| base (mini-base) |", "Reading: the pretrained base");
  }

  @Test
  void everyAnswerHasItsFirstStepDiagnosedAndTheRatesReachTheReport() throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    Dataset<Row> scores = spark.read().parquet(wh.resolve("scores").toString());
    scores.createOrReplaceTempView("first_step_scores");
    // every synthetic answer has a worked reference: none is left without a diagnosis
    assertThat(
            scores
                .where("benchmark = 'synthetic' and finish_reason <> 'error'")
                .where("first_step_operands is null or first_step_arithmetic is null")
                .count())
        .isZero();
    Map<String, double[]> expected = new java.util.TreeMap<>();
    spark
        .sql(
            "select model, lang, avg(IF(first_step_operands, 1D, 0D)) o,"
                + " avg(IF(first_step_operator, 1D, 0D)) p, avg(IF(first_step_arithmetic, 1D,"
                + " 0D)) a from first_step_scores where benchmark = 'synthetic' group by 1, 2")
        .collectAsList()
        .forEach(
            r ->
                expected.put(
                    r.getString(0) + "/" + r.getString(1),
                    new double[] {r.getDouble(2), r.getDouble(3), r.getDouble(4)}));
    List<Row> metrics =
        spark
            .read()
            .parquet(wh.resolve("metrics").toString())
            .where("benchmark = 'synthetic' and lang <> 'ALL'")
            .collectAsList();
    assertThat(metrics).hasSize(expected.size());
    for (Row m : metrics) {
      double[] e = expected.get(m.<String>getAs("model") + "/" + m.<String>getAs("lang"));
      assertThat(
              new double[] {
                m.getAs("first_step_operands_rate"),
                m.getAs("first_step_operator_rate"),
                m.getAs("first_step_arithmetic_rate")
              })
          .containsExactly(e, org.assertj.core.data.Offset.offset(1e-12));
    }
    String md = Files.readString(wh.resolve("report").resolve("summary.md"));
    assertThat(md)
        .contains(
            "First step of the answers per language and N",
            "First equations, operands / operator right: in each model's own post-training"
                + " languages");
  }
}
