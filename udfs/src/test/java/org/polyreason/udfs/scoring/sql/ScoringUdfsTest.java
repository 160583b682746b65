package org.polyreason.udfs.scoring.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TimeZone;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ScoringUdfsTest {

  @Test
  void pureCoresAreNullSafe() throws Exception {
    assertThat(new ExtractAnswerUdf().call(null, "en")).isNull();
    assertThat(new ExtractAnswerUdf().call("Die Antwort ist 18.", "de")).isEqualTo("18");
    assertThat(new NormalizeNumberUdf().call(null, "de")).isNull();
    assertThat(new NormalizeNumberUdf().call("2.125 €", "de")).isEqualTo("2125");
    assertThat(new AnswerEquivalentUdf().call(null, "1", "integer")).isNull();
    assertThat(new AnswerEquivalentUdf().call("\\frac{1}{2}", "0.5", null)).isTrue();
    assertThat(new AnswerEquivalentUdf().call("banana", "0.5", "decimal")).isFalse();
    assertThat(new DetectLanguageUdf().call(null)).isNull();
    assertThat(new DetectLanguageUdf().call("Сначала нужно выяснить, сколько яиц осталось."))
        .isEqualTo("ru");
  }

  @Test
  void registeredFunctionsRunInSql() {
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("scoring-udfs-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    try {
      ScoringUdfs.registerAll(spark);
      Row row =
          spark
              .sql(
                  """
          SELECT extract_answer('La réponse est 2 125.', 'fr') AS a,
                 normalize_number('১৮ টাকা', 'bn') AS n,
                 answer_equivalent('(1, 2)', '(1,2)', 'latex') AS e,
                 detect_language(CAST(NULL AS STRING)) AS l
          """)
              .first();
      assertThat(row.getString(0)).isEqualTo("2125");
      assertThat(row.getString(1)).isEqualTo("18");
      assertThat(row.getBoolean(2)).isTrue();
      assertThat(row.isNullAt(3)).isTrue();
    } finally {
      spark.stop();
    }
  }
}
