package org.polyreason.udfs.scoring.sql;

import org.apache.spark.sql.api.java.UDF2;
import org.polyreason.udfs.scoring.AnswerExtractor;

/**
 * SQL {@code extract_answer(text STRING, lang STRING) → STRING}: the extracted final answer, null
 * when none.
 */
public final class ExtractAnswerUdf implements UDF2<String, String, String> {

  public static final String NAME = "extract_answer";

  /** Pure core: null text → null. */
  public static String extract(String text, String lang) {
    return text == null ? null : AnswerExtractor.extract(text, lang).answer();
  }

  @Override
  public String call(String text, String lang) {
    return extract(text, lang);
  }
}
