package org.polyreason.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.polyreason.testing.SparkTestBase;

/** Driver-built rows reach the tasks in slices of bounded size, all of them, in order. */
class DriverRowsTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);

  static List<Row> rows(int n, int chars) {
    return IntStream.range(0, n).mapToObj(i -> RowFactory.create(i, "x".repeat(chars))).toList();
  }

  @Test
  void aLargeSetIsSlicedSoThatNoTaskCarriesMuchMoreThanASlice() {
    List<Row> rows = rows(3000, 300); // ≈ 2.8 MB estimated: a benchmark set of long questions
    Dataset<Row> df = DriverRows.of(spark, rows, SCHEMA);

    List<List<Row>> partitions = df.javaRDD().glom().collect();
    long total = rows.stream().mapToLong(DriverRows::estimatedBytes).sum();
    assertThat(partitions)
        .hasSize((int) ((total + DriverRows.SLICE_BYTES - 1) / DriverRows.SLICE_BYTES));
    assertThat(partitions.size()).isGreaterThan(8);
    for (List<Row> p : partitions) {
      assertThat(p.stream().mapToLong(DriverRows::estimatedBytes).sum())
          .isLessThanOrEqualTo(DriverRows.SLICE_BYTES + DriverRows.estimatedBytes(rows.get(0)));
    }
    assertThat(df.collectAsList()).containsExactlyElementsOf(rows);
  }

  @Test
  void smallAndEmptySetsTakeOneTask() {
    assertThat(DriverRows.of(spark, rows(10, 20), SCHEMA).javaRDD().getNumPartitions())
        .isEqualTo(1);
    Dataset<Row> empty = DriverRows.of(spark, List.of(), SCHEMA);
    assertThat(empty.javaRDD().getNumPartitions()).isEqualTo(1);
    assertThat(empty.count()).isZero();
  }

  @Test
  void rowsOfHugeValuesGetATaskEachAtMost() {
    assertThat(DriverRows.slices(rows(3, 1_000_000))).isEqualTo(3);
  }
}
