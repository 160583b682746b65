package org.polyreason.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.SparkTestBase;

/**
 * Replace swaps complete tables; append never merges the uncommitted leftovers of a killed writer.
 */
class WarehouseTest extends SparkTestBase {
  @TempDir Path root;
  static final StructType SCHEMA =
      new StructType().add("k", DataTypes.StringType).add("p", DataTypes.StringType);

  Dataset<Row> rows(String... keys) {
    return spark.createDataFrame(
        Stream.of(keys).map(k -> RowFactory.create(k, "x")).toList(), SCHEMA);
  }

  @Test
  void appendIgnoresLeftoversOfAnInterruptedWrite() throws IOException {
    Warehouse wh = new Warehouse(spark, root.toString());
    wh.append(rows("a", "b"), "t", "p");
    // what a driver killed mid-write leaves: a committed task output the job commit never moved
    Path part;
    try (Stream<Path> s = Files.walk(root.resolve("t"))) {
      part = s.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path leftover = root.resolve("t/_temporary/0/task_202611260000_0001_m_000000/p=x");
    Files.createDirectories(leftover);
    Files.copy(part, leftover.resolve("part-99999-leftover.parquet"));

    wh.append(rows("c"), "t", "p");
    List<String> keys =
        wh.read("t").select("k").orderBy("k").collectAsList().stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(keys).containsExactly("a", "b", "c");
    assertThat(root.resolve("t/_temporary")).doesNotExist();
  }

  @Test
  void replaceSwapsInTheCompleteTableAndCleansUp() {
    Warehouse wh = new Warehouse(spark, root.toString());
    wh.replace(rows("a"), "t", "run1");
    wh.replace(rows("b", "c"), "t", "run2");
    assertThat(wh.read("t").count()).isEqualTo(2);
    assertThat(wh.exists("t")).isTrue();
    assertThat(root.resolve("_staging")).doesNotExist();
    assertThat(root.resolve("_trash")).doesNotExist();
  }
}
