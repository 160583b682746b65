package org.polyreason.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.polyreason.core.Tables;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SparkTestBase;

/** What aggregate writes has the columns and types that {@link Tables} declares for its outputs. */
class DeclaredSchemasTest extends SparkTestBase {

  @Test
  void metricsAndPairedHaveTheDeclaredColumnsAndTypes() {
    ScoresBuilder b = new ScoresBuilder().group("m", "bench", "en", null);
    b.sample("p1", 0, true, "1").sample("p1", 1, false, "2").sample("p2", 0, true, "3");
    b.group("m", "bench", "de", null).sample("p1", 0, false, "2").sample("p2", 0, true, "3");
    Dataset<Row> perProblem = AggregateTransforms.perProblem(b.build(spark));
    AggregateSettings settings = new AggregateSettings(List.of(1, 2), 50, 7, 0.95, "en");
    Dataset<Row> metrics = AggregateTransforms.metrics(perProblem, settings);
    Dataset<Row> paired = AggregateTransforms.paired(perProblem, "en");
    assertThat(columns(metrics.schema())).isEqualTo(columns(Tables.METRICS.schema()));
    assertThat(columns(paired.schema())).isEqualTo(columns(Tables.PAIRED.schema()));
    assertThat(paired.count()).as("de against en").isEqualTo(1);
  }

  /** name:type of every column; nullability is not kept by Parquet and is not compared. */
  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .toList();
  }
}
