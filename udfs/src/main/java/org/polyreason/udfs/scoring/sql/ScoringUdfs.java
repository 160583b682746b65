package org.polyreason.udfs.scoring.sql;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Registers every scoring UDF on a session. SQL names and signatures:
 *
 * <ul>
 *   <li>{@code extract_answer(text STRING, lang STRING) → STRING}
 *   <li>{@code normalize_number(text STRING, lang STRING) → STRING}
 *   <li>{@code answer_equivalent(pred STRING, gold STRING, kind STRING) → BOOLEAN}
 *   <li>{@code detect_language(text STRING) → STRING}
 * </ul>
 */
public final class ScoringUdfs {

  private ScoringUdfs() {}

  /** Registers all scoring UDFs on {@code spark}. */
  public static void registerAll(SparkSession spark) {
    var udf = spark.udf();
    udf.register(ExtractAnswerUdf.NAME, new ExtractAnswerUdf(), DataTypes.StringType);
    udf.register(NormalizeNumberUdf.NAME, new NormalizeNumberUdf(), DataTypes.StringType);
    udf.register(AnswerEquivalentUdf.NAME, new AnswerEquivalentUdf(), DataTypes.BooleanType);
    udf.register(DetectLanguageUdf.NAME, new DetectLanguageUdf(), DataTypes.StringType);
  }
}
