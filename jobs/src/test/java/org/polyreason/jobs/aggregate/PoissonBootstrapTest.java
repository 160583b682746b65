package org.polyreason.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SparkTestBase;

/**
 * The Poisson bootstrap of aggregate (drawn per value class; the draws themselves are tested in
 * udfs' PoissonClassBootstrapTest): equal per-problem values give equal intervals in every language
 * and the ALL row, the interval does not depend on the partitioning, and its 95 % intervals cover
 * the true mean about 95 % of the time. The coverage check is the one of udfs' BootstrapTest (200
 * trials × 100 Bernoulli(0.6) problems, 500 resamples, the same band), run through the aggregate
 * job's own SQL: each trial is one model, with its own problem ids so that trials draw independent
 * weights (as each trial of BootstrapTest draws its own seed).
 */
class PoissonBootstrapTest extends SparkTestBase {
  private static final long SEED = Long.getLong("polyreason.test-seed", 20_261_126L);

  @Test
  void equalValuesGiveEqualIntervalsInEveryLanguageAndTheAllRow() {
    // de and fr have the same per-problem values, so the same value classes and the same draws:
    // the same interval, and the ALL row (mean over languages per problem) the same interval
    // again, up to its 2^-32 fixed point.
    ScoresBuilder b = new ScoresBuilder();
    SplittableRandom random = new SplittableRandom(SEED);
    boolean[][] pattern = new boolean[30][];
    for (int i = 0; i < pattern.length; i++) {
      pattern[i] = new boolean[] {random.nextBoolean(), random.nextBoolean()};
    }
    for (String lang : List.of("de", "fr")) {
      b.group("m", "bench", lang, null);
      for (int i = 0; i < pattern.length; i++) {
        b.problem("q" + i, pattern[i]);
      }
    }
    Map<String, Row> m =
        byLang(
            AggregateTransforms.metrics(
                AggregateTransforms.perProblem(b.build(spark)),
                new AggregateSettings(List.of(1, 2), 300, SEED, 0.9, "en")));
    assertThat(m).containsOnlyKeys("de", "fr", "ALL");
    double low = m.get("de").getAs("ci_low");
    double high = m.get("de").getAs("ci_high");
    assertThat(low).as("seed %d", SEED).isLessThan(high);
    assertThat(m.get("fr").<Double>getAs("ci_low")).isEqualTo(low);
    assertThat(m.get("fr").<Double>getAs("ci_high")).isEqualTo(high);
    assertThat(m.get("ALL").<Double>getAs("ci_low")).isCloseTo(low, within(1e-9));
    assertThat(m.get("ALL").<Double>getAs("ci_high")).isCloseTo(high, within(1e-9));
  }

  @Test
  void intervalsDoNotDependOnThePartitioning() {
    SplittableRandom random = new SplittableRandom(SEED);
    ScoresBuilder b = new ScoresBuilder();
    for (String lang : List.of("de", "fr", "th")) {
      b.group("m", "bench", lang, null);
      for (int i = 0; i < 60; i++) {
        b.problem("q" + i, random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
      }
    }
    Dataset<Row> scores = b.build(spark);
    AggregateSettings settings = new AggregateSettings(List.of(1, 3), 200, SEED, 0.95, "en");
    Map<String, Row> one =
        byLang(
            AggregateTransforms.metrics(
                AggregateTransforms.perProblem(scores.repartition(1)), settings));
    Map<String, Row> seven =
        byLang(
            AggregateTransforms.metrics(
                AggregateTransforms.perProblem(scores.repartition(7)), settings));
    assertThat(one).containsOnlyKeys("de", "fr", "th", "ALL");
    for (String lang : one.keySet()) {
      assertThat(seven.get(lang).<Double>getAs("ci_low"))
          .isEqualTo(one.get(lang).<Double>getAs("ci_low"));
      assertThat(seven.get(lang).<Double>getAs("ci_high"))
          .isEqualTo(one.get(lang).<Double>getAs("ci_high"));
      assertThat(one.get(lang).<Double>getAs("ci_low"))
          .isLessThan(one.get(lang).<Double>getAs("ci_high"));
    }
  }

  @Test
  void percentileIntervalCoversTheTrueMeanAboutNinetyFivePercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(SEED);
    int trials = 200;
    ScoresBuilder b = new ScoresBuilder();
    for (int t = 0; t < trials; t++) {
      b.group("trial" + t, "bench", "en", null);
      for (int i = 0; i < 100; i++) {
        b.problem("t" + t + "-q" + i, random.nextDouble() < 0.6);
      }
    }
    Dataset<Row> metrics =
        AggregateTransforms.metrics(
            AggregateTransforms.perProblem(b.build(spark)),
            new AggregateSettings(List.of(1), 500, SEED, 0.95, "en"));
    Row r =
        metrics
            .where("lang = 'en'")
            .selectExpr("count(*)", "sum(IF(ci_low <= 0.6 AND 0.6 <= ci_high, 1, 0))")
            .first();
    assertThat(r.getLong(0)).isEqualTo(trials);
    // Binomial(200, ~0.94) has sd ≈ 1.7 %; [0.87, 0.99] is a > 4 sd band around the nominal 95 %.
    assertThat(r.getLong(1) / (double) trials).as("seed %d", SEED).isBetween(0.87, 0.99);
  }

  private static Map<String, Row> byLang(Dataset<Row> metrics) {
    return metrics.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("lang"), r -> r));
  }
}
