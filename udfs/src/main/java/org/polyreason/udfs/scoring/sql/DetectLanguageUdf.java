package org.polyreason.udfs.scoring.sql;

import org.apache.spark.sql.api.java.UDF1;
import org.polyreason.udfs.scoring.LanguageDetector;

/**
 * SQL {@code detect_language(text STRING) → STRING}: ISO 639-1 code or {@code unknown}; null →
 * null.
 */
public final class DetectLanguageUdf implements UDF1<String, String> {

  public static final String NAME = "detect_language";

  /** Pure core. */
  public static String detect(String text) {
    return LanguageDetector.detect(text);
  }

  @Override
  public String call(String text) {
    return detect(text);
  }
}
