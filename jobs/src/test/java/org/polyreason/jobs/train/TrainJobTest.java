package org.polyreason.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.inference.ChatTemplate;
import org.polyreason.inference.PromptBuilder;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SparkTestBase;

/**
 * synthetic ingest → train (pretrain + post-train per N in Spark tasks) → generate by id, in
 * seconds.
 */
class TrainJobTest extends SparkTestBase {
  @TempDir static Path root;
  static Path wh;
  static CliRun first;

  static CliRun cli(String job, String... sets) {
    List<String> args = new ArrayList<>(List.of(job, "--set", "polyreason.warehouse=" + wh));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  static final String[] TINY = {
    "polyreason.train.name=t",
    "polyreason.train.languages=[en, de, zh]",
    "polyreason.train.n=[1, 2]",
    "polyreason.train.model.width=16",
    "polyreason.train.model.layers=1",
    "polyreason.train.model.heads=2",
    "polyreason.train.model.context=128",
    // learned positions here (trained, saved, run by generate); the miniature study test: rope,
    // the default
    "polyreason.train.model.positions=learned",
    "polyreason.train.pretrain.steps=12",
    "polyreason.train.pretrain.batch-size=8",
    "polyreason.train.pretrain.warmup-steps=2",
    "polyreason.train.pretrain.equation-drills=400",
    "polyreason.train.pretrain.drill-steps=4",
    "polyreason.train.post-train.steps=6",
    "polyreason.train.post-train.equation-drills=40",
    "polyreason.train.post-train.batch-size=8",
    "polyreason.train.post-train.warmup-steps=1",
    "polyreason.train.progress-seconds=1",
    "polyreason.train.probe.stages=[pretrain, post-train]"
  };

  static final String[] PARALLEL_DATA = {
    "polyreason.parallel-data.benchmarks=[synthetic]",
    "polyreason.parallel-data.subsets=[train]",
    "polyreason.parallel-data.eval-benchmarks=[synthetic]",
    "polyreason.parallel-data.eval-subsets=[test]",
    "polyreason.parallel-data.languages=[en, de]",
    "polyreason.parallel-data.n-list=[1, 2]",
    "polyreason.parallel-data.budget=40",
    "polyreason.parallel-data.val-fraction=0",
    "polyreason.parallel-data.formats=[sft]"
  };

  @BeforeAll
  static void ingestAndTrain() {
    wh = root.resolve("wh");
    CliRun ingest =
        cli(
            "ingest",
            "polyreason.ingest.benchmarks=[synthetic]",
            "polyreason.ingest.languages=[en, de, zh]",
            "polyreason.ingest.synthetic.train-problems=100",
            "polyreason.ingest.synthetic.test-problems=300");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    // the post-training sets: 40 examples each (N = 1: 40 problems in en; N = 2: 20 in en and de)
    CliRun sets = cli("parallel-data", PARALLEL_DATA);
    assertThat(sets.exitCode()).as(sets.err()).isZero();
    first = cli("train", concat(TINY, "polyreason.train.seeds=[1]"));
  }

  static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static Dataset<Row> table(String name) {
    return spark.read().parquet(wh.resolve(name).toString());
  }

  @Test
  void trainWritesTheModelsTheirCurvesAndTheirRows() {
    assertThat(first.exitCode()).as(first.err()).isZero();
    // (another test adds t-n2-s2)
    Dataset<Row> curves = table(TrainJob.CURVES).filter("model_id != 't-n2-s2'");
    assertThat(curves.groupBy("model_id").count().collectAsList())
        .extracting(r -> r.getString(0) + "=" + r.getLong(1))
        // the base: 12 mixture steps, then 4 drill-phase steps numbered on from 13
        .containsExactlyInAnyOrder("t-base=16", "t-n1-s1=6", "t-n2-s1=6");
    assertThat(
            curves.filter("model_id = 't-base'").orderBy("step").collectAsList().stream()
                .map(r -> r.<Integer>getAs("step")))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    assertThat(curves.filter("loss <= 0 or isnan(loss) or tokens <= 0").count()).isZero();
    Dataset<Row> models = table(TrainJob.MODELS).filter("model_id != 't-n2-s2'");
    assertThat(models.orderBy("model_id").collectAsList())
        .extracting(
            r ->
                r.<String>getAs("model_id")
                    + " "
                    + r.<String>getAs("stage")
                    + " "
                    + r.getList(r.fieldIndex("train_languages")))
        .containsExactly(
            "t-base pretrain [en, de, zh]",
            "t-n1-s1 post-train [en]",
            "t-n2-s1 post-train [en, de]");
    for (String id : List.of("t-base", "t-n1-s1", "t-n2-s1")) {
      Path dir = wh.resolve("models").resolve(id);
      assertThat(dir.resolve(id + ".properties")).isRegularFile();
      assertThat(dir.resolve(id + "-0000.params")).isRegularFile();
      assertThat(dir.resolve("tokenizer.json")).isRegularFile();
      assertThat(dir.resolve("train.json")).content().contains("\"model_id\" : \"" + id + "\"");
    }
  }

  @Test
  void theTranslationProbeScoresEveryTrainedModelOnTheTestSplit() {
    assertThat(first.exitCode()).as(first.err()).isZero();
    // the items the job should have built: the test split's questions, the run's languages and
    // context (128), the default limit of 200 problems
    Map<String, Map<String, String>> test = new java.util.TreeMap<>();
    table("problems")
        .filter("subset = 'test'")
        .collectAsList()
        .forEach(
            r ->
                test.computeIfAbsent(r.getAs("problem_id"), k -> new java.util.TreeMap<>())
                    .put(r.getAs("lang"), r.getAs("question")));
    assertThat(test).hasSize(300);
    CharVocab vocab = CharVocab.read(wh.resolve("models").resolve("t-base"));
    List<TranslationProbe.Item> items =
        TranslationProbe.items(test, List.of("en", "de", "zh"), 200, vocab, 128);
    Map<String, Long> perLanguage =
        items.stream()
            .filter(i -> i.probe().equals(TranslationProbe.OPERATION))
            .collect(
                java.util.stream.Collectors.groupingBy(
                    TranslationProbe.Item::lang, java.util.stream.Collectors.counting()));
    // Chinese questions are short enough for context 128, German ones mostly not
    assertThat(perLanguage.get("zh")).isGreaterThan(100);
    Dataset<Row> probes = table(TrainJob.PROBES).filter("model_id != 't-n2-s2'");
    List<String> expected = new ArrayList<>();
    for (String model : List.of("t-base null 0 1", "t-n1-s1 t-base 1 1", "t-n2-s1 t-base 2 1")) {
      for (String lang : perLanguage.keySet().stream().sorted().toList()) {
        for (String probe : List.of("numbers", "operation")) {
          expected.add(model + " " + lang + " en " + probe + " " + perLanguage.get(lang));
        }
      }
    }
    assertThat(probes.orderBy("model_id", "lang", "probe").collectAsList())
        .extracting(
            r ->
                String.join(
                    " ",
                    r.<String>getAs("model_id"),
                    String.valueOf(r.<String>getAs("base_model")),
                    String.valueOf(r.<Integer>getAs("n")),
                    String.valueOf(r.<Long>getAs("seed")),
                    r.getAs("lang"),
                    r.getAs("target_lang"),
                    r.getAs("probe"),
                    String.valueOf(r.<Integer>getAs("items"))))
        .containsExactlyElementsOf(expected);
    assertThat(
            probes
                .filter(
                    "preferred < 0 or preferred > items or abs(share - preferred / items) > 1e-12"
                        + " or isnan(mean_margin)")
                .count())
        .isZero();
  }

  @Test
  void theStoredTokenizerEncodesLikeTheTrainingVocabulary() throws Exception {
    assertThat(first.exitCode()).as(first.err()).isZero();
    Path dir = wh.resolve("models").resolve("t-base");
    CharVocab vocab = CharVocab.read(dir);
    List<String> texts =
        List.of(
            TrainingData.prompt("小明有50个苹果。Anna hat 7 Äpfel?") + "50+7=57. #57</s>",
            "Anna <par> Lukas\n",
            "unknown ☃ char");
    try (PromptBuilder pb = PromptBuilder.load(dir, ChatTemplate.PLAIN, Map.of())) {
      assertThat(pb.vocabSize()).isEqualTo(vocab.size());
      assertThat(pb.eosIds()).containsExactly(vocab.id(CharVocab.EOS));
      for (String t : texts) {
        long[] hf = pb.encode(t);
        assertThat(hf)
            .as(t)
            .containsExactly(Arrays.stream(vocab.encode(t)).asLongStream().toArray());
      }
      long[] ids = pb.encode(texts.get(0));
      assertThat(pb.decode(ids))
          .isEqualTo(vocab.decode(Arrays.stream(ids).mapToInt(i -> (int) i).toArray()))
          .isEqualTo("小明有50个苹果。Anna hat 7 Äpfel?\n\n50+7=57. #57");
    }
  }

  @Test
  void generateRunsATrainedModelByItsIdAlone() {
    assertThat(first.exitCode()).as(first.err()).isZero();
    CliRun gen =
        cli(
            "generate",
            // a pattern: every stored model whose id starts with t-n1- (only t-n1-s1 exists)
            "polyreason.generate.models=[\"t-n1-*\"]",
            "polyreason.generate.benchmarks=[synthetic]",
            "polyreason.generate.subsets=[test]",
            "polyreason.generate.languages=[en, zh]",
            "polyreason.generate.limit-per-language=3",
            "polyreason.generate.max-new-tokens=8",
            "polyreason.generate.user-template=\"{question}\"");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    Dataset<Row> g = table("generations");
    assertThat(g.count()).isEqualTo(6);
    assertThat(
            g.filter(
                    "model != 't-n1-s1' or engine != 'djl-block' or finish_reason = 'error'"
                        + " or not problem_id like 'test-%'"
                        + " or completion_tokens < 1")
                .count())
        .isZero();
  }

  @Test
  void postTrainingAnotherSeedKeepsTheOtherModelsRows() {
    assertThat(first.exitCode()).as(first.err()).isZero();
    CliRun more =
        cli(
            "train",
            concat(
                TINY,
                "polyreason.train.stages=post-train",
                "polyreason.train.n=[2]",
                "polyreason.train.seeds=[2]"));
    assertThat(more.exitCode()).as(more.err()).isZero();
    assertThat(table(TrainJob.MODELS).select("model_id").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("t-base", "t-n1-s1", "t-n2-s1", "t-n2-s2");
    assertThat(table(TrainJob.CURVES).filter("model_id = 't-n2-s2'").count()).isEqualTo(6);
  }

  @Test
  void thePostTrainingSetsAreParallelDatasFixedBudgetSetsOfTheTrainSplit() {
    assertThat(first.exitCode()).as(first.err()).isZero();
    Dataset<Row> sets = table("training_sets").filter("split = 'train'");
    assertThat(sets.groupBy("set").count().orderBy("set").collectAsList())
        .extracting(r -> r.getString(0) + "=" + r.getLong(1))
        .containsExactly("fixed-budget-n1=40", "fixed-budget-n2=40");
    assertThat(sets.filter("not problem_id like 'train-%'").count()).isZero();
    assertThat(
            sets.filter("set = 'fixed-budget-n2'")
                .groupBy("problem_id")
                .count()
                .filter("count != 2")
                .count())
        .as("every N = 2 problem in both languages")
        .isZero();
    // without the subset filter the pool holds test problems, and the leakage check refuses them
    String[] leaky =
        Arrays.stream(PARALLEL_DATA)
            .filter(x -> !x.startsWith("polyreason.parallel-data.subsets"))
            .toArray(String[]::new);
    CliRun leak = cli("parallel-data", leaky);
    assertThat(leak.exitCode()).isEqualTo(2);
    assertThat(leak.err()).contains("Leakage", "synthetic/test-");
  }

  @Test
  void badSettingsExitTwoBeforeTraining() {
    CliRun n = cli("train", concat(TINY, "polyreason.train.n=[3]"));
    assertThat(n.exitCode()).isEqualTo(2);
    assertThat(n.err()).contains("fixed-budget-n3", "polyreason.train.n", "parallel-data");
    CliRun noBase =
        cli(
            "train",
            concat(TINY, "polyreason.train.name=other", "polyreason.train.stages=post-train"));
    assertThat(noBase.exitCode()).isEqualTo(2);
    assertThat(noBase.err()).contains("other-base");
    CliRun probe = cli("train", concat(TINY, "polyreason.train.probe.stages=[pretrain, finetune]"));
    assertThat(probe.exitCode()).isEqualTo(2);
    assertThat(probe.err()).contains("polyreason.train.probe.stages", "finetune", "post-train");
    CliRun positions = cli("train", concat(TINY, "polyreason.train.model.positions=relative"));
    assertThat(positions.exitCode()).isEqualTo(2);
    assertThat(positions.err()).contains("polyreason.train.model.positions", "relative", "rope");
    CliRun oddHeads =
        cli(
            "train",
            concat(
                TINY,
                "polyreason.train.model.positions=rope",
                "polyreason.train.model.width=12",
                "polyreason.train.model.heads=4"));
    assertThat(oddHeads.exitCode()).isEqualTo(2);
    assertThat(oddHeads.err()).contains("polyreason.train.model.heads", "even head width");
  }
}
