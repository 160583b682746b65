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
 * The SQL Poisson bootstrap of aggregate: its weights are Poisson(1), the same for every language
 * of a problem, and its 95 % intervals cover the true mean about 95 % of the time. The coverage
 * check is the one of udfs' BootstrapTest (200 trials × 100 Bernoulli(0.6) problems, 500 resamples,
 * the same band), run through the aggregate job's own SQL: each trial is one model, with its own
 * problem ids so that trials draw independent weights (as each trial of BootstrapTest draws its own
 * seed).
 */
class PoissonBootstrapTest extends SparkTestBase {
  private static final long SEED = Long.getLong("polyreason.test-seed", 20_261_126L);

  @Test
  void weightsAreDrawnFromPoissonOne() {
    int draws = 200_000;
    Row r =
        spark
            .range(draws)
            .selectExpr("xxhash64(7L, id) AS h")
            .selectExpr(
                PoissonBootstrap.weight("shiftrightunsigned(h, 11) * 1.1102230246251565E-16D")
                    + " AS w")
            .selectExpr(
                "avg(w)",
                "var_samp(w)",
                "avg(IF(w = 0, 1, 0))",
                "avg(IF(w = 1, 1, 0))",
                "avg(IF(w = 2, 1, 0))",
                "max(w)")
            .first();
    // sd of the mean ≈ 1/√200000 ≈ 0.0022; of a share p ≈ √(p(1−p)/200000) ≈ 0.0011: 5 sd bands.
    assertThat(r.getDouble(0)).isCloseTo(1.0, within(0.012));
    assertThat(r.getDouble(1)).isCloseTo(1.0, within(0.03));
    assertThat(r.getDouble(2)).isCloseTo(Math.exp(-1), within(0.0055));
    assertThat(r.getDouble(3)).isCloseTo(Math.exp(-1), within(0.0055));
    assertThat(r.getDouble(4)).isCloseTo(Math.exp(-1) / 2, within(0.005));
    assertThat(r.getInt(5)).isBetween(5, 12);
  }

  @Test
  void everyLanguageOfAProblemGetsTheSameWeights() {
    // de and fr have the same per-problem values: paired weights give them the same interval, and
    // the
    // ALL row (mean over languages per problem) the same interval again, up to its 2^-32 fixed
    // point.
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
