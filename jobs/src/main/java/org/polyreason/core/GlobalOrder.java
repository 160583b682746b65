package org.polyreason.core;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A row number over a whole Dataset, without a window that has no partition (Spark moves all rows
 * of such a window into one task, and warns). The rows are sorted by a distributed sort (range
 * partitions, each sorted), whose partitions are in order, and numbered by {@code zipWithIndex}:
 * one small job counts the rows of each partition, then every partition numbers its own from its
 * offset.
 */
public final class GlobalOrder {
  private GlobalOrder() {}

  /**
   * {@code rows} with a column {@code name} (long, not null): 1, 2, … in the order of {@code
   * order}, as {@code row_number() OVER (ORDER BY order)} numbers them. The order must be total (no
   * two rows equal on it) for the numbers to be the same from run to run.
   */
  public static Dataset<Row> withRowNumber(Dataset<Row> rows, String name, Column... order) {
    Dataset<Row> sorted = rows.orderBy(order);
    StructType schema = sorted.schema().add(name, DataTypes.LongType, false);
    JavaRDD<Row> numbered = sorted.javaRDD().zipWithIndex().map(t -> append(t._1(), t._2() + 1));
    return rows.sparkSession().createDataFrame(numbered, schema);
  }

  private static Row append(Row r, long number) {
    Object[] values = new Object[r.length() + 1];
    for (int i = 0; i < r.length(); i++) {
      values[i] = r.get(i);
    }
    values[r.length()] = number;
    return RowFactory.create(values);
  }
}
