package org.polyreason.core;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.polyreason.testing.SparkTestBase;

/** The distributed row number equals row_number() over the same global order, row for row. */
class GlobalOrderTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType()
          .add("k", DataTypes.StringType)
          .add("id", DataTypes.IntegerType)
          .add("text", DataTypes.StringType);

  @Test
  void numbersTheRowsAsAGlobalRowNumberDoes() {
    Random random = new Random(7);
    List<Row> rows =
        IntStream.range(0, 5000)
            .mapToObj(
                i ->
                    RowFactory.create(
                        random.nextInt(10) == 0 ? null : Integer.toHexString(random.nextInt(300)),
                        i,
                        "row " + i))
            .toList();
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(7);

    Dataset<Row> numbered = GlobalOrder.withRowNumber(df, "rn", col("k"), col("id"));
    Dataset<Row> expected =
        df.withColumn("rn", row_number().over(Window.orderBy(col("k"), col("id"))).cast("long"));

    assertThat(numbered.schema().fieldNames()).containsExactly("k", "id", "text", "rn");
    assertThat(numbered.count()).isEqualTo(5000);
    assertThat(numbered.exceptAll(expected).count()).isZero();
    assertThat(expected.exceptAll(numbered).count()).isZero();
    assertThat(numbered.javaRDD().getNumPartitions()).isGreaterThan(1);
  }

  @Test
  void anEmptyDatasetStaysEmpty() {
    Dataset<Row> empty = spark.createDataFrame(List.of(), SCHEMA);
    assertThat(GlobalOrder.withRowNumber(empty, "rn", col("id")).count()).isZero();
  }
}
