package org.polyreason.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.polyreason.testing.SparkTestBase;

/**
 * Forced to each question's language vs forced to one fixed language: the English row stays with
 * its model row.
 */
class RowLabelTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType)
          .add("benchmark", DataTypes.StringType)
          .add("lang", DataTypes.StringType)
          .add("think_lang", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("avg_at_k", DataTypes.DoubleType);

  @Test
  void fixedForcingKeepsTheEnglishRowInTheModelRow() {
    List<Row> rows =
        spark
            .createDataFrame(
                List.of(
                    RowFactory.create("same", "mgsm", "en", "en", "scores", 0.9),
                    RowFactory.create("same", "mgsm", "de", "de", "scores", 0.8),
                    RowFactory.create("fixed", "mgsm", "en", "en", "scores", 0.9),
                    RowFactory.create("fixed", "mgsm", "de", "en", "scores", 0.7),
                    RowFactory.create("free", "mgsm", "en", null, "scores", 0.5)),
                SCHEMA)
            .collectAsList();
    List<String> labels =
        ReportData.metrics(rows).stream().map(m -> m.lang() + ":" + m.rowLabel()).toList();
    assertThat(labels)
        .contains(
            "en:same [think=question lang]",
            "de:same [think=question lang]",
            "en:fixed [think=en]",
            "de:fixed [think=en]",
            "en:free");
  }
}
