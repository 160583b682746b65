package org.polyreason.jobs.scalinglaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.common.UserException;
import org.polyreason.core.MetricsTable;
import org.polyreason.core.Tables;
import org.polyreason.jobs.importmetrics.ImportMetricsJob;
import org.polyreason.jobs.importmetrics.MetricsCsv;
import org.polyreason.jobs.scalinglaw.ScalingLawSettings.Point;
import org.polyreason.jobs.scalinglaw.ScalingLawSettings.Series;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SparkTestBase;
import org.polyreason.udfs.stats.ScalingLawFit.Form;

/**
 * The parallel scaling law on a synthetic series whose held-out accuracy is exactly y = 0.3·N^0.4.
 */
class ScalingLawTransformsTest extends SparkTestBase {
  private static final double Y1 = 0.2; // the English-only model, below the law's f(1) = 0.3

  private static double law(int n) {
    return 0.3 * Math.pow(n, 0.4);
  }

  /** Models s1..s5 (N = 1..5) with sw (held out) on the law and en fixed; s1 below the law. */
  private static Dataset<Row> metrics() {
    List<MetricsCsv.Entry> e = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      e.add(new MetricsCsv.Entry("s" + n, "bench", "sw", n == 1 ? Y1 : law(n), 250));
      e.add(new MetricsCsv.Entry("s" + n, "bench", "en", 0.9, 250));
    }
    return spark.createDataFrame(ImportMetricsJob.rows(e, 0.95), MetricsTable.SCHEMA);
  }

  private static ScalingLawSettings settings(String metric, int... ns) {
    List<Point> points = new ArrayList<>();
    for (int n : ns) {
      points.add(new Point("s" + n, n));
    }
    return new ScalingLawSettings(
        List.of(new Series("synthetic", "bench", metric, List.of("sw"), points, null)),
        2,
        Form.POWER,
        List.of(),
        100,
        1234,
        0.95);
  }

  private static Row fit(ScalingLawSettings s) {
    return ScalingLawTransforms.fit(
            metrics(),
            spark.createDataFrame(List.of(), Tables.TRANSFER_SCHEMA),
            spark.createDataFrame(List.of(), Tables.SCORES_SCHEMA),
            s)
        .first();
  }

  @Test
  void recoversTheExactLawWithLeapAndGap() {
    Row r = fit(settings("heldout-mean", 1, 2, 3, 4, 5));
    assertThat(r.<Integer>getAs("n_points")).isEqualTo(4);
    assertThat(r.<Double>getAs("a")).isCloseTo(0.3, within(1e-6));
    assertThat(r.<Double>getAs("b")).isCloseTo(0.4, within(1e-6));
    assertThat(r.<Double>getAs("rmse")).isLessThan(1e-9);
    assertThat(r.<Double>getAs("r2")).isCloseTo(1.0, within(1e-9));
    assertThat(r.<Double>getAs("loo_error")).isLessThan(1e-6);
    assertThat(r.isNullAt(r.fieldIndex("c"))).isTrue();
    assertThat(r.isNullAt(r.fieldIndex("a_ci_low")))
        .as("no per-problem scores: no bootstrap CI")
        .isTrue();
    // Leap = y(2) − y(1); mean later step = (y(5) − y(2)) / 3; MGG = f(1) − y(1) = 0.3 − 0.2.
    double leap = law(2) - Y1;
    assertThat(r.<Double>getAs("first_parallel_leap")).isCloseTo(leap, within(1e-12));
    assertThat(r.<Double>getAs("leap_ratio"))
        .isCloseTo(leap / ((law(5) - law(2)) / 3), within(1e-9));
    assertThat(r.<Double>getAs("mgg")).isCloseTo(0.1, within(1e-6));
    List<Row> points = r.getList(r.fieldIndex("points"));
    assertThat(points).hasSize(5);
    assertThat(points.get(0).getDouble(2)).isEqualTo(Y1);
    assertThat(points.get(0).getDouble(3)).isCloseTo(0.3, within(1e-6));
    assertThat(points.get(0).getBoolean(4)).isFalse();
  }

  @Test
  void languageAndAllMeanMetrics() {
    Row r = fit(settings("lang:sw", 1, 2, 3, 4, 5));
    assertThat(r.<Double>getAs("b")).isCloseTo(0.4, within(1e-6));
    Row all = fit(settings("all-mean", 2, 3, 4));
    List<Row> points = all.getList(all.fieldIndex("points"));
    assertThat(points.get(0).getDouble(2)).isCloseTo((law(2) + 0.9) / 2, within(1e-12));
  }

  @Test
  void missingLanguageAndNonPositiveValuesAreUserErrors() {
    assertThatThrownBy(() -> fit(settings("lang:de", 2, 3, 4)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("synthetic")
        .hasMessageContaining("lang de")
        .hasMessageContaining("[en, sw]");
    List<MetricsCsv.Entry> e =
        List.of(
            new MetricsCsv.Entry("z2", "bench", "sw", 0.0, null),
            new MetricsCsv.Entry("z3", "bench", "sw", 0.1, null),
            new MetricsCsv.Entry("z4", "bench", "sw", 0.2, null));
    ScalingLawSettings s =
        new ScalingLawSettings(
            List.of(
                new Series(
                    "zero",
                    "bench",
                    "heldout-mean",
                    List.of("sw"),
                    List.of(new Point("z2", 2), new Point("z3", 3), new Point("z4", 4)),
                    null)),
            2,
            Form.POWER,
            List.of(),
            10,
            1,
            0.95);
    assertThatThrownBy(
            () ->
                ScalingLawTransforms.fit(
                    spark.createDataFrame(ImportMetricsJob.rows(e, 0.95), MetricsTable.SCHEMA),
                    spark.createDataFrame(List.of(), Tables.TRANSFER_SCHEMA),
                    spark.createDataFrame(List.of(), Tables.SCORES_SCHEMA),
                    s))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Scaling-law series zero")
        .hasMessageContaining("y=0.0");
  }

  @Test
  void fewerThanThreeFittedPointsFailsBeforeSpark(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "scaling-law",
            "--set",
            "polyreason.warehouse=" + dir,
            "--set",
            "polyreason.scaling-law.series=[{ name = tiny, benchmark = bench, metric = all-mean, "
                + "points = [ { model = s1, n = 1 }, { model = s2, n = 2 }, { model = s3, n = 3 } ] }]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("series tiny")
        .contains("2 distinct N >= 2")
        .contains("at least 3");
  }

  @Test
  void badSeriesKeysNameKeyAndValue(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "scaling-law",
            "--set",
            "polyreason.warehouse=" + dir,
            "--set",
            "polyreason.scaling-law.series=[{ name = s, benchmark = b, metric = median, points = [] }]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.scaling-law.series[0].metric")
        .contains("median")
        .contains("heldout-mean, all-mean, mti or lang:<code>");
    run =
        CliRun.of(
            "scaling-law",
            "--set",
            "polyreason.warehouse=" + dir,
            "--set",
            "polyreason.scaling-law.form=cubic");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.scaling-law.form")
        .contains("cubic");
  }
}
