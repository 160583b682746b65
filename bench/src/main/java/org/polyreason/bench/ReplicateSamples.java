package org.polyreason.bench;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.polyreason.core.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a large sample table (generations or scores) from a small real one, for benchmarks:
 * replica r of a row becomes sample {@code r mod S} of model {@code <model>-r<r div S>}, with
 * sample_key {@code <key>#r<r>}, so every row stays a distinct sample and each problem gets S
 * samples per model, as a k-sample study has. Exactly {@code rows} rows are written (the last
 * replica is partial, cut by a fixed order of the source rows). Runs on the executors; nothing but
 * the source's sample keys (a broadcast of the small table's keys) is gathered anywhere.
 *
 * <pre>
 * ReplicateSamples &lt;source table dir&gt; &lt;target table dir&gt; &lt;rows&gt; &lt;samples per model&gt;
 * </pre>
 */
public final class ReplicateSamples {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicateSamples.class);

  private ReplicateSamples() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println(
          "usage: ReplicateSamples <source table dir> <target table dir> <rows>"
              + " <samples per model>");
      System.exit(2);
    }
    long rows = Long.parseLong(args[2]);
    int samples = Integer.parseInt(args[3]);
    if (rows < 1 || samples < 1) {
      System.err.println(
          "ReplicateSamples: rows and samples per model must be >= 1, got "
              + rows
              + " and "
              + samples);
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("bench-replicate-samples").getOrCreate();
    try {
      long written = replicate(spark, args[0], args[1], rows, samples);
      System.out.println("ReplicateSamples: wrote " + written + " rows to " + args[1]);
    } finally {
      spark.stop();
    }
  }

  static long replicate(SparkSession spark, String from, String to, long rows, int samples) {
    Dataset<Row> source = spark.read().parquet(from);
    long base = source.count();
    if (base == 0) {
      throw new IllegalArgumentException("ReplicateSamples: " + from + " has no rows");
    }
    long replicas = (rows + base - 1) / base;
    // A fixed position per source row (only the keys go through the one-partition window).
    Dataset<Row> index =
        source
            .select("sample_key")
            .distinct()
            .withColumn("_i", row_number().over(Window.orderBy("sample_key")).minus(1));
    Dataset<Row> reps = spark.range(replicas).withColumnRenamed("id", "_r");
    Dataset<Row> out =
        source
            .join(broadcast(index), "sample_key")
            .crossJoin(broadcast(reps))
            .where(col("_r").multiply(base).plus(col("_i")).lt(rows))
            .withColumn(
                "model",
                concat(
                    col("model"),
                    lit("-r"),
                    lpad(col("_r").divide(samples).cast("long").cast("string"), 3, "0")))
            .withColumn(
                "sample_idx",
                col("sample_idx").multiply(samples).plus(col("_r").mod(samples)).cast("int"))
            .withColumn(
                "sample_key", concat(col("sample_key"), lit("#r"), col("_r").cast("string")))
            .drop("_i", "_r");
    LOG.info(
        "Replicating {} rows of {} {} times into {} ({} rows, {} samples per model)",
        base,
        from,
        replicas,
        to,
        rows,
        samples);
    out.write().partitionBy(Tables.SAMPLE_PARTITIONS).parquet(to);
    return spark.read().parquet(to).count();
  }
}
