package org.polyreason.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Seeded Poisson(1) percentile bootstrap of a mean over problems, in Spark SQL (no object
 * operators, so RAPIDS can run it). Resample r gives problem i the weight w_ri ~ Poisson(1), drawn
 * by inverting the Poisson CDF at a uniform from {@code xxhash64(xxhash64(seed, benchmark,
 * problem_id), r)}: the weight depends on the seed, the resample and the problem only, so every
 * statistic over the same problems (every language of a problem, the {@code ALL} row) is resampled
 * with the same weights — paired.
 *
 * <p>The statistic of resample r is the weighted mean Σ w·num ÷ (den · Σ w) over the problems of a
 * key (a problem's value is num/den with an integer num, den fixed per key); a resample with Σ w =
 * 0 (all problems drawn zero times, probability e^−n) is dropped. The interval at level 1 − α is
 * the exact (α/2, 1 − α/2) percentile of the kept statistics, linear interpolation between order
 * statistics (Spark's {@code percentile}, the same rule as {@code
 * udfs.stats.Bootstrap.percentile}): there are only R values per key, so the exact sort costs
 * nothing and {@code percentile_approx}'s rank error would buy nothing. Sums are of longs, so the
 * result does not depend on the order rows arrive in: the same seed and data give the same
 * interval, bit for bit, whatever the partitioning.
 */
final class PoissonBootstrap {
  /**
   * Weights above this are never drawn: P(Poisson(1) > 20) ≈ 4e-20, below a 53-bit uniform's step.
   */
  private static final int MAX_WEIGHT = 20;

  private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

  private PoissonBootstrap() {}

  /**
   * (keys..., ci_low, ci_high) per key of {@code input}, whose rows are one problem each: the key
   * columns (which must include {@code benchmark}), {@code problem_id}, {@code num} (long) and
   * {@code den} (positive, the same for every row of a key). Keys whose resamples were all dropped
   * have no row.
   */
  static Dataset<Row> intervals(
      Dataset<Row> input, List<String> keys, int resamples, long seed, double level) {
    double alpha = 1.0 - level;
    List<Column> perDraw = new ArrayList<>(keys.stream().map(k -> col(k)).toList());
    perDraw.add(col("r"));
    List<Column> select = new ArrayList<>(keys.stream().map(k -> col(k)).toList());
    select.addAll(
        List.of(
            col("num"),
            col("den"),
            col("h"),
            explode(sequence(lit(0), lit(resamples - 1))).as("r")));
    return input
        .withColumn("h", xxhash64(lit(seed), col("benchmark"), col("problem_id")))
        .select(select.toArray(Column[]::new))
        .withColumn("u", expr("shiftrightunsigned(xxhash64(h, r), 11) * " + TWO_TO_MINUS_53 + "D"))
        .withColumn("w", expr(weight("u")))
        .groupBy(perDraw.toArray(Column[]::new))
        .agg(expr("sum(w * num)").as("sn"), expr("sum(w)").as("sw"), expr("max(den)").as("den"))
        .where(col("sw").gt(0))
        .groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(
            expr(String.format(
                    Locale.ROOT,
                    "percentile(sn / (den * sw), array(%s, %s))",
                    Double.toString(alpha / 2),
                    Double.toString(1 - alpha / 2)))
                .as("q"))
        .select(
            concat(
                keys.stream().map(k -> col(k)).toList(),
                col("q").getItem(0).as("ci_low"),
                col("q").getItem(1).as("ci_high")));
  }

  /**
   * A CASE expression: the Poisson(1) quantile of the uniform {@code u} (inverse CDF by
   * thresholds).
   */
  static String weight(String u) {
    StringBuilder sql = new StringBuilder("CASE");
    double p = Math.exp(-1.0);
    double cdf = 0.0;
    for (int w = 0; w < MAX_WEIGHT; w++) {
      cdf += p;
      sql.append(" WHEN ")
          .append(u)
          .append(" < ")
          .append(Double.toString(cdf))
          .append("D THEN ")
          .append(w);
      p /= w + 1;
    }
    return sql.append(" ELSE ").append(MAX_WEIGHT).append(" END").toString();
  }

  private static Column[] concat(List<Column> first, Column... rest) {
    List<Column> all = new ArrayList<>(first);
    all.addAll(Arrays.asList(rest));
    return all.toArray(Column[]::new);
  }
}
