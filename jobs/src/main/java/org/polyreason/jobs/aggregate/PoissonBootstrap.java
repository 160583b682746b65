package org.polyreason.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.polyreason.udfs.stats.Interval;
import org.polyreason.udfs.stats.PoissonClassBootstrap;
import scala.collection.Seq;

/**
 * Seeded Poisson(1) percentile bootstrap of a mean over problems, by value class ({@link
 * PoissonClassBootstrap}): Spark SQL reduces the problems of a key to its classes — (value, number
 * of problems) — and one scalar function per key draws the R resamples of those few classes.
 *
 * <p>Why by class: in a Poisson(1) bootstrap the m problems of one value enter a resample only
 * through the sum of their weights, which is Poisson(m); drawing that sum directly gives each key's
 * resampled statistic exactly the distribution the per-problem draws give, with classes × R draws
 * (avg@k has k + 1 values) instead of problems × R rows (the per-problem version built ~136 M rows
 * for a million scores). A class's uniforms come from {@code xxhash64(seed, benchmark, value)}, the
 * value in fixed point (2^−32): every key with the same value classes in a benchmark — every
 * language of a problem set, the {@code ALL} row — uses the same uniforms, so equal inputs give
 * equal intervals and the draws of different languages are coupled. The {@code ALL} row's own
 * pairing is in its values: each is the mean over languages of one problem, so a problem is drawn
 * once for all its languages.
 *
 * <p>Sums are of longs and the classes of a key are sorted before the draws, so the same seed and
 * data give the same interval, bit for bit, whatever the partitioning.
 */
final class PoissonBootstrap {
  /**
   * 1 in the fixed point (2^−32) that values are keyed by here and that {@link GroupMetrics}
   * carries the ALL row's per-problem means in, so that equal values of both get equal streams.
   */
  static final long FIXED_ONE = 1L << 32;

  private static final StructType INTERVAL =
      new StructType().add("low", DataTypes.DoubleType).add("high", DataTypes.DoubleType);

  private PoissonBootstrap() {}

  /**
   * (keys..., ci_low, ci_high) per key of {@code input}, whose rows are one problem each: the key
   * columns (which must include {@code benchmark}), {@code problem_id}, {@code num} (long) and
   * {@code den} (positive, the same for every row of a key). Keys whose resamples were all dropped
   * have null bounds.
   */
  static Dataset<Row> intervals(
      Dataset<Row> input, List<String> keys, int resamples, long seed, double level) {
    PoissonClassBootstrap bootstrap = new PoissonClassBootstrap(resamples, level);
    UserDefinedFunction draw =
        udf((UDF2<Seq<Row>, Long, Row>) (classes, den) -> toRow(bootstrap, classes, den), INTERVAL);
    List<Column> classKey = new ArrayList<>(cols(keys));
    classKey.add(col("num"));
    List<Column> out = new ArrayList<>(cols(keys));
    out.add(col("ci.low").as("ci_low"));
    out.add(col("ci.high").as("ci_high"));
    return input
        .groupBy(classKey.toArray(Column[]::new))
        .agg(expr("count(*)").as("m"), expr("max(den)").as("den"))
        .withColumn(
            "stream",
            xxhash64(
                lit(seed),
                col("benchmark"),
                expr("CAST(round(num / den * " + FIXED_ONE + "D) AS BIGINT)")))
        .groupBy(cols(keys).toArray(Column[]::new))
        .agg(
            expr("sort_array(collect_list(struct(num, m, stream)))").as("classes"),
            expr("max(den)").as("den"))
        .withColumn("ci", draw.apply(col("classes"), col("den")))
        .select(out.toArray(Column[]::new));
  }

  private static Row toRow(PoissonClassBootstrap bootstrap, Seq<Row> classes, long den) {
    int n = classes.size();
    long[] nums = new long[n];
    long[] counts = new long[n];
    long[] streams = new long[n];
    for (int c = 0; c < n; c++) {
      Row r = classes.apply(c);
      nums[c] = r.getLong(0);
      counts[c] = r.getLong(1);
      streams[c] = r.getLong(2);
    }
    Interval ci = bootstrap.interval(nums, counts, streams, den);
    return ci.isDefined() ? RowFactory.create(ci.low(), ci.high()) : RowFactory.create(null, null);
  }

  private static List<Column> cols(List<String> names) {
    return names.stream().map(n -> col(n)).toList();
  }
}
