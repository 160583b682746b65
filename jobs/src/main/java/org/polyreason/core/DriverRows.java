package org.polyreason.core;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Rows built on the driver (benchmark files read by {@code ingest}, the loss curves {@code train}
 * collects from its tasks) as a Dataset whose tasks each carry a bounded slice of them. Rows handed
 * to a task travel inside the task itself; one task holding a whole benchmark set makes Spark warn
 * ("a task of very large size") and slows the scheduler, so the rows are sliced by their estimated
 * size, about {@link #SLICE_BYTES} each.
 */
public final class DriverRows {
  /** Estimated bytes of rows per task (Spark warns above 1,000 KiB). */
  static final long SLICE_BYTES = 256L * 1024;

  private DriverRows() {}

  /** {@code rows} (in order) as a Dataset of {@code schema}, about {@link #SLICE_BYTES} a task. */
  public static Dataset<Row> of(SparkSession spark, List<Row> rows, StructType schema) {
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices(rows)),
        schema);
  }

  /** How many tasks {@code rows} are spread over: at least 1, at most one per row. */
  static int slices(List<Row> rows) {
    long bytes = 0;
    for (Row r : rows) {
      bytes += estimatedBytes(r);
    }
    long slices = (bytes + SLICE_BYTES - 1) / SLICE_BYTES;
    return (int) Math.max(1, Math.min(rows.size(), slices));
  }

  /** A row's size in a task, roughly: strings at 3 bytes a char at most, 16 bytes per value. */
  static long estimatedBytes(Row r) {
    long bytes = 16;
    for (int i = 0; i < r.length(); i++) {
      Object v = r.get(i);
      bytes += 16;
      if (v instanceof String s) {
        bytes += 3L * s.length();
      } else if (v instanceof Object[] a) {
        for (Object o : a) {
          bytes += 16 + (o instanceof String s ? 3L * s.length() : 8);
        }
      }
    }
    return bytes;
  }
}
