package org.polyreason.jobs.aggregate;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polyreason.core.Accuracies;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SparkTestBase;
import org.polyreason.udfs.stats.McNemar;
import org.polyreason.udfs.stats.SampleMetrics;
import scala.jdk.javaapi.CollectionConverters;

/**
 * aggregate on a hand-built scores fixture; every expected value is computed by hand in the
 * comments.
 */
class AggregateTransformsTest extends SparkTestBase {
  private static final AggregateSettings SETTINGS =
      new AggregateSettings(List.of(1, 2, 4, 8), 200, 1234, 0.95, "en");
  private static final double EPS = 1e-12;
  private static Dataset<Row> perProblem;

  @BeforeAll
  static void fixture() {
    ScoresBuilder b = new ScoresBuilder().group("m", "bench", "en", null);
    // en p1: T T F T, answers 1 1 - 1; sample 2 truncated (no answer); sample 0 used 200 tokens.
    b.sample("p1", 0, true, "1", "correct", "stop", 200, "en");
    b.sample("p1", 1, true, "1");
    b.sample("p1", 2, false, null, "truncated", "length", 100, "en");
    b.sample("p1", 3, true, "1");
    // en p2: F F T F, answers 5 6 7 -, last one no_answer with unknown thinking language, no
    // tokens.
    b.sample("p2", 0, false, "5").sample("p2", 1, false, "6").sample("p2", 2, true, "7");
    b.sample("p2", 3, false, null, "no_answer", "stop", null, null);
    // en p3: T F F T, answers 3 4 4 3 (tie 3 vs 4 -> 3, the earlier first index: correct); 2
    // samples think in zh.
    b.sample("p3", 0, true, "3");
    b.sample("p3", 1, false, "4", "wrong", "stop", 100, "zh");
    b.sample("p3", 2, false, "4", "wrong", "stop", 100, "zh");
    b.sample("p3", 3, true, "3");
    // de: p1 T T (2 samples), p2 F T T (3), p3 F F (2): k = 2.
    b.group("m", "bench", "de", null);
    b.sample("p1", 0, true, "1").duplicateLast().sample("p1", 1, true, "1");
    b.sample("p2", 0, false, "9").sample("p2", 1, true, "7").sample("p2", 2, true, "7");
    b.sample("p3", 0, false, "4").sample("p3", 1, false, "4");
    // de with reasoning forced into English: one problem, one correct sample thinking in en.
    b.group("m", "bench", "de", "en").sample("p1", 0, true, "1");
    perProblem = AggregateTransforms.perProblem(b.build(spark)).cache();
  }

  private static Map<String, Row> metricsByLang(Dataset<Row> metrics, String thinkLang) {
    return metrics.collectAsList().stream()
        .filter(
            r ->
                thinkLang == null
                    ? r.isNullAt(r.fieldIndex("think_lang"))
                    : thinkLang.equals(r.getAs("think_lang")))
        .collect(java.util.stream.Collectors.toMap(r -> r.<String>getAs("lang"), r -> r));
  }

  @Test
  void aRaggedProblemUsesItsFirstKSamplesBySampleIndexWhateverOrderRowsArriveIn() {
    // p2 has 3 samples, so k = 3 and p1 (8 samples, indices with gaps) is ragged: its first 3 by
    // sample index are 0, 2, 4 -> answers x (wrong), y, y (correct): ck 2, maj y correct; over
    // all 8 samples x would win (5 votes).
    ScoresBuilder b = new ScoresBuilder().group("m", "bench", "en", null);
    int[] idx = {14, 12, 10, 8, 6, 4, 2, 0};
    for (int i : idx) {
      boolean correct = i == 2 || i == 4 || i == 14;
      b.sample("p1", i, correct, i == 2 || i == 4 ? "y" : i == 14 ? "z" : "x");
    }
    b.sample("p2", 0, true, "1").sample("p2", 1, true, "1").sample("p2", 2, false, "2");
    // one row per partition: the reductions see the samples in shuffle order
    Dataset<Row> scores = b.build(spark).repartition(11);
    Map<String, Row> rows = new java.util.TreeMap<>();
    AggregateTransforms.perProblem(scores)
        .collectAsList()
        .forEach(r -> rows.put(r.getAs("problem_id"), r));
    Row p1 = rows.get("p1");
    assertThat(List.of(p1.getAs("n"), p1.getAs("k"), p1.getAs("c"), p1.getAs("ck")))
        .containsExactly(8, 3, 3, 2);
    assertThat(p1.<Boolean>getAs("maj")).isTrue();
    Row p2 = rows.get("p2");
    assertThat(List.of(p2.getAs("n"), p2.getAs("k"), p2.getAs("c"), p2.getAs("ck")))
        .containsExactly(3, 3, 2, 2);
    assertThat(p2.<Boolean>getAs("maj")).isTrue();
  }

  @Test
  void randomRaggedSetsAgreeWithSampleMetrics() {
    // 4 languages x 40 problems, 3 to 7 samples each with gaps in the indices, duplicated rows,
    // answers from a small pool (ties are common) and null answers: avg@k, maj@k and pass@k of
    // every language equal SampleMetrics on the samples sorted by index.
    java.util.Random random = new java.util.Random(20261201);
    ScoresBuilder b = new ScoresBuilder();
    Map<String, List<SampleMetrics.ProblemSamples>> expected = new java.util.TreeMap<>();
    String[] pool = {"1", "2", "3", null};
    for (String lang : List.of("en", "de", "fr", "ja")) {
      b.group("m", "bench", lang, null);
      List<SampleMetrics.ProblemSamples> problems = new java.util.ArrayList<>();
      for (int p = 0; p < 40; p++) {
        int n = 3 + random.nextInt(5);
        boolean[] correct = new boolean[n];
        String[] answers = new String[n];
        int index = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          answers[i] = pool[random.nextInt(pool.length)];
          correct[i] = "1".equals(answers[i]);
          b.sample("p" + p, index, correct[i], answers[i]);
          if (random.nextInt(5) == 0) {
            b.duplicateLast();
          }
          index += 1 + random.nextInt(3);
        }
        problems.add(new SampleMetrics.ProblemSamples("p" + p, correct, answers));
      }
      expected.put(lang, problems);
    }
    Dataset<Row> scores = b.build(spark).repartition(5);
    Map<String, Row> m =
        metricsByLang(
            AggregateTransforms.metrics(AggregateTransforms.perProblem(scores), SETTINGS), null);
    int checked = 0;
    for (var e : expected.entrySet()) {
      int k =
          e.getValue().stream().mapToInt(SampleMetrics.ProblemSamples::samples).min().orElseThrow();
      Row row = m.get(e.getKey());
      assertThat(row.<Integer>getAs("k")).isEqualTo(k);
      assertThat(row.<Double>getAs("avg_at_k"))
          .isCloseTo(SampleMetrics.avgAtK(e.getValue(), k), within(EPS));
      assertThat(row.<Double>getAs("maj_at_k"))
          .isCloseTo(SampleMetrics.majAtK(e.getValue(), k), within(EPS));
      Map<Integer, Double> passAt = row.getJavaMap(row.fieldIndex("pass_at"));
      for (int pk : SETTINGS.kList()) {
        if (pk <= k) {
          assertThat(passAt.get(pk))
              .isCloseTo(SampleMetrics.passAtK(e.getValue(), pk), within(EPS));
        }
      }
      checked++;
    }
    assertThat(checked).isEqualTo(4);
  }

  @Test
  void problemAccuracyIsCOverNOfTheDeduplicatedSamples() {
    Map<String, Double> acc = new java.util.TreeMap<>();
    Accuracies.problemAccuracy(
            new ScoresBuilder()
                .group("m", "bench", "de", null)
                .sample("p1", 0, true, "1")
                .duplicateLast()
                .sample("p1", 1, true, "1")
                .sample("p2", 0, false, "9")
                .sample("p2", 1, true, "7")
                .sample("p2", 2, true, "7")
                .build(spark))
        .collectAsList()
        .forEach(r -> acc.put(r.getAs("problem_id"), r.getAs("acc")));
    assertThat(acc).containsOnlyKeys("p1", "p2");
    assertThat(acc.get("p1")).isCloseTo(1.0, within(EPS));
    assertThat(acc.get("p2")).isCloseTo(2.0 / 3, within(EPS));
  }

  @Test
  void aSampleKeyIsDeduplicatedWithinItsProblemGroupOnly() {
    // The same question text under two benchmarks hashes to the same sample_key: the duplicate
    // row inside b1 is dropped, and each benchmark keeps its own sample.
    Dataset<Row> scores =
        new ScoresBuilder()
            .group("m", "b1", "de", null)
            .sample("p1", 0, true, "1")
            .duplicateLast()
            .group("m", "b2", "de", null)
            .sample("p1", 0, false, "2")
            .build(spark)
            .withColumn("sample_key", expr("concat('same|', problem_id, '|', sample_idx)"));
    Map<String, Integer> n = new java.util.TreeMap<>();
    AggregateTransforms.perProblem(scores)
        .collectAsList()
        .forEach(r -> n.put(r.getAs("benchmark"), r.getAs("n")));
    assertThat(n).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("b1", 1, "b2", 1)));
  }

  @Test
  void perLanguageMetricsMatchHandComputation() {
    Map<String, Row> m = metricsByLang(AggregateTransforms.metrics(perProblem, SETTINGS), null);
    assertThat(m).containsOnlyKeys("en", "de", "ALL");
    Row en = m.get("en");
    assertThat(en.<Integer>getAs("n_problems")).isEqualTo(3);
    assertThat(en.<Integer>getAs("k")).isEqualTo(4);
    assertThat(en.<Long>getAs("n_samples")).isEqualTo(12L);
    assertThat(en.<Double>getAs("avg_at_k")).isCloseTo((0.75 + 0.25 + 0.5) / 3, within(EPS));
    // pass@2: p1 1 − C(1,2)/C(4,2) = 1; p2 1 − C(3,2)/C(4,2) = 0.5; p3 1 − C(2,2)/C(4,2) = 5/6.
    assertThat(en.getJavaMap(en.fieldIndex("pass_at"))).containsOnlyKeys(1, 2, 4);
    assertThat((Double) en.getJavaMap(en.fieldIndex("pass_at")).get(1)).isCloseTo(0.5, within(EPS));
    assertThat((Double) en.getJavaMap(en.fieldIndex("pass_at")).get(2))
        .isCloseTo((1 + 0.5 + 5.0 / 6) / 3, within(EPS));
    assertThat((Double) en.getJavaMap(en.fieldIndex("pass_at")).get(4)).isCloseTo(1.0, within(EPS));
    // maj@4: p1 "1" correct; p2 5/6/7 tie -> "5" (first) wrong; p3 3 vs 4 tie -> "3" correct.
    assertThat(en.<Double>getAs("maj_at_k")).isCloseTo(2.0 / 3, within(EPS));
    assertThat(en.<Double>getAs("no_answer_rate")).isCloseTo(1.0 / 12, within(EPS));
    assertThat(en.<Double>getAs("truncated_rate")).isCloseTo(1.0 / 12, within(EPS));
    // 11 samples with a detected thinking language, 2 of them zh.
    assertThat(en.<Double>getAs("off_target_rate")).isCloseTo(2.0 / 11, within(EPS));
    assertThat(en.<Double>getAs("mean_completion_tokens")).isCloseTo(1200.0 / 11, within(EPS));
    assertThat(en.<Double>getAs("ci_low")).isBetween(0.25, 0.5);
    assertThat(en.<Double>getAs("ci_high")).isBetween(0.5, 0.75);
    assertThat(en.<String>getAs("source")).isEqualTo("scores");

    Row de = m.get("de");
    assertThat(de.<Integer>getAs("k")).isEqualTo(2);
    assertThat(de.<Long>getAs("n_samples")).as("duplicate sample_key counted once").isEqualTo(7L);
    // avg@2 over the first 2 samples: p1 2/2, p2 1/2, p3 0.
    assertThat(de.<Double>getAs("avg_at_k")).isCloseTo(0.5, within(EPS));
    assertThat(de.getJavaMap(de.fieldIndex("pass_at"))).containsOnlyKeys(1, 2);
    assertThat((Double) de.getJavaMap(de.fieldIndex("pass_at")).get(1))
        .isCloseTo((1 + 2.0 / 3 + 0) / 3, within(EPS));
    assertThat((Double) de.getJavaMap(de.fieldIndex("pass_at")).get(2))
        .isCloseTo(2.0 / 3, within(EPS));
    // maj@2: p1 correct; p2 "9" vs "7" tie -> "9" wrong; p3 wrong.
    assertThat(de.<Double>getAs("maj_at_k")).isCloseTo(1.0 / 3, within(EPS));
    assertThat(de.<Double>getAs("off_target_rate")).isEqualTo(0.0);

    Row all = m.get("ALL");
    assertThat(all.<Integer>getAs("n_problems")).isEqualTo(3);
    assertThat(all.<Integer>getAs("k")).isEqualTo(2);
    assertThat(all.<Long>getAs("n_samples")).isEqualTo(19L);
    assertThat(all.<Double>getAs("avg_at_k")).isCloseTo(0.5, within(EPS));
    assertThat(all.getJavaMap(all.fieldIndex("pass_at"))).containsOnlyKeys(1, 2);
    assertThat((Double) all.getJavaMap(all.fieldIndex("pass_at")).get(2))
        .isCloseTo(((1 + 0.5 + 5.0 / 6) / 3 + 2.0 / 3) / 2, within(EPS));
    assertThat(all.<Double>getAs("maj_at_k")).isCloseTo(0.5, within(EPS));
    assertThat(all.<Double>getAs("off_target_rate")).isCloseTo(1.0 / 11, within(EPS));
    assertThat(all.<Double>getAs("ci_low")).isLessThanOrEqualTo(0.5);
    assertThat(all.<Double>getAs("ci_high")).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void theStatisticsReadThePerProblemRowsWithoutAnotherShuffle() {
    // perProblem is partitioned by group (model, benchmark, think_lang, step): every statistic
    // groups or joins by keys that contain it (small tables may still be broadcast).
    assertThat(hashShuffles(AggregateTransforms.metrics(perProblem, SETTINGS))).isZero();
    // the same statistics over rows partitioned by language shuffle again
    Dataset<Row> byLanguage =
        perProblem.repartition(AggregateTransforms.cols(AggregateTransforms.LANG)).cache();
    assertThat(hashShuffles(AggregateTransforms.metrics(byLanguage, SETTINGS))).isGreaterThan(2);
    byLanguage.unpersist();
  }

  /** Hash-partitioned shuffles in the physical plan of {@code ds}, not counting cached plans. */
  private static long hashShuffles(Dataset<Row> ds) {
    return hashShuffles(ds.queryExecution().executedPlan());
  }

  private static long hashShuffles(SparkPlan plan) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      return hashShuffles(adaptive.inputPlan());
    }
    long own =
        plan instanceof ShuffleExchangeExec shuffle
                && shuffle.outputPartitioning() instanceof HashPartitioning
            ? 1
            : 0;
    // an InMemoryTableScan has no children: the cached plan is not counted
    return own
        + CollectionConverters.asJava(plan.children()).stream()
            .mapToLong(AggregateTransformsTest::hashShuffles)
            .sum();
  }

  @Test
  void forcedThinkingLanguageIsItsOwnGroup() {
    Map<String, Row> forced =
        metricsByLang(AggregateTransforms.metrics(perProblem, SETTINGS), "en");
    assertThat(forced).containsOnlyKeys("de", "ALL");
    assertThat(forced.get("de").<Double>getAs("avg_at_k")).isEqualTo(1.0);
    assertThat(forced.get("de").<Double>getAs("off_target_rate"))
        .as("expected language = think_lang")
        .isEqualTo(0.0);
  }

  @Test
  void bootstrapIsDeterministicForASeed() {
    List<Row> first =
        AggregateTransforms.metrics(perProblem, SETTINGS)
            .orderBy("lang", "think_lang")
            .collectAsList();
    List<Row> again =
        AggregateTransforms.metrics(perProblem, SETTINGS)
            .orderBy("lang", "think_lang")
            .collectAsList();
    assertThat(again).isEqualTo(first);
    AggregateSettings other = new AggregateSettings(List.of(1), 200, 99, 0.5, "en");
    Map<String, Row> m = metricsByLang(AggregateTransforms.metrics(perProblem, other), null);
    Map<String, Row> base = metricsByLang(AggregateTransforms.metrics(perProblem, SETTINGS), null);
    assertThat(m.get("en").<Double>getAs("avg_at_k"))
        .isEqualTo(base.get("en").<Double>getAs("avg_at_k"));
    assertThat(List.of(m.get("en").<Double>getAs("ci_low"), m.get("en").<Double>getAs("ci_high")))
        .isNotEqualTo(
            List.of(
                base.get("en").<Double>getAs("ci_low"), base.get("en").<Double>getAs("ci_high")));
  }

  @Test
  void pairedCountsAndMcNemar() {
    // correct = c >= n/2. en: p1 T (3/4), p2 F (1/4), p3 T (2/4); de: p1 T, p2 T (2/3), p3 F.
    List<Row> rows = AggregateTransforms.paired(perProblem, "en").collectAsList();
    assertThat(rows).hasSize(1);
    Row r = rows.get(0);
    assertThat(r.<String>getAs("lang")).isEqualTo("de");
    assertThat(r.isNullAt(r.fieldIndex("think_lang"))).isTrue();
    assertThat(r.<Integer>getAs("n_problems")).isEqualTo(3);
    assertThat(r.<Integer>getAs("both_correct")).isEqualTo(1);
    assertThat(r.<Integer>getAs("only_reference")).isEqualTo(1);
    assertThat(r.<Integer>getAs("only_target")).isEqualTo(1);
    assertThat(r.<Integer>getAs("neither")).isEqualTo(0);
    assertThat(r.<Double>getAs("mcnemar_p")).isEqualTo(McNemar.exactPValue(1, 1)).isEqualTo(1.0);
  }

  @Test
  void pairedMcNemarOnLopsidedCounts() {
    ScoresBuilder b = new ScoresBuilder().group("m", "bench", "en", null);
    for (int i = 0; i < 8; i++) {
      b.problem("q" + i, true);
    }
    b.group("m", "bench", "sw", null);
    for (int i = 0; i < 8; i++) {
      b.problem("q" + i, i == 0);
    }
    Row r =
        AggregateTransforms.paired(AggregateTransforms.perProblem(b.build(spark)), "en").first();
    assertThat(r.<Integer>getAs("only_reference")).isEqualTo(7);
    assertThat(r.<Integer>getAs("both_correct")).isEqualTo(1);
    // b = 7, c = 0: p = 2 · 0.5^7 = 1/64.
    assertThat(r.<Double>getAs("mcnemar_p")).isCloseTo(1.0 / 64, within(EPS));
  }

  @Test
  void firstStepRatesAreSharesOfTheDiagnosedSamplesAndNullWithoutAWorkedReference() {
    // en: 4 diagnosed samples (operands 3, operator 2, arithmetic 1) and a duplicate that must not
    // count; de: 2 diagnosed (operator 1); mgsm: no worked reference, nothing diagnosed.
    ScoresBuilder b = new ScoresBuilder().group("m", "synthetic", "en", null);
    b.firstStep(true, true, true).sample("p1", 0, true, "1").duplicateLast();
    b.firstStep(true, true, false).sample("p1", 1, false, "2");
    b.firstStep(true, false, false).sample("p2", 0, false, "3");
    b.firstStep(false, false, false).sample("p2", 1, false, null);
    b.group("m", "synthetic", "de", null);
    b.firstStep(false, true, false).sample("p1", 0, false, "4").sample("p2", 0, false, "5");
    b.firstStep(null, null, null).group("m", "mgsm", "en", null).sample("p1", 0, true, "1");
    List<Row> rows =
        AggregateTransforms.metrics(AggregateTransforms.perProblem(b.build(spark)), SETTINGS)
            .collectAsList();
    Map<String, double[]> rates = new java.util.TreeMap<>();
    for (Row r : rows) {
      if (r.getAs("benchmark").equals("mgsm")) {
        for (String c :
            List.of(
                "first_step_operands_rate",
                "first_step_operator_rate",
                "first_step_arithmetic_rate")) {
          assertThat(r.<Double>getAs(c)).as(c).isNull();
        }
        continue;
      }
      rates.put(
          r.getAs("lang"),
          new double[] {
            r.getAs("first_step_operands_rate"),
            r.getAs("first_step_operator_rate"),
            r.getAs("first_step_arithmetic_rate")
          });
    }
    assertThat(rates.get("en")).containsExactly(0.75, 0.5, 0.25);
    assertThat(rates.get("de")).containsExactly(0.0, 1.0, 0.0);
    // ALL: the mean over the languages
    assertThat(rates.get("ALL")).containsExactly(0.375, 0.75, 0.125);
  }
}
