package org.polyreason.udfs.scoring.sql;

import org.apache.spark.sql.api.java.UDF3;
import org.polyreason.udfs.scoring.AnswerEquivalence;

/**
 * SQL {@code answer_equivalent(pred STRING, gold STRING, kind STRING) → BOOLEAN}: true when
 * equivalent; false when different or undecidable (as in scoring); null when pred or gold is null.
 * Null kind: inferred.
 */
public final class AnswerEquivalentUdf implements UDF3<String, String, String, Boolean> {

  public static final String NAME = "answer_equivalent";

  /** Pure core. */
  public static Boolean equivalent(String pred, String gold, String kind) {
    if (pred == null || gold == null) {
      return null;
    }
    return AnswerEquivalence.judge(pred, gold, kind) == AnswerEquivalence.Verdict.CORRECT;
  }

  @Override
  public Boolean call(String pred, String gold, String kind) {
    return equivalent(pred, gold, kind);
  }
}
