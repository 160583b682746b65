package org.polyreason.udfs.scoring.sql;

import org.apache.spark.sql.api.java.UDF2;
import org.polyreason.udfs.scoring.NumberNormalizer;

/**
 * SQL {@code normalize_number(text STRING, lang STRING) → STRING}: canonical first number, null
 * when none.
 */
public final class NormalizeNumberUdf implements UDF2<String, String, String> {

  public static final String NAME = "normalize_number";

  /** Pure core: null text → null. */
  public static String normalize(String text, String lang) {
    return text == null ? null : NumberNormalizer.normalize(text, lang);
  }

  @Override
  public String call(String text, String lang) {
    return normalize(text, lang);
  }
}
