package org.polyreason.jobs.score;

import java.util.List;
import org.polyreason.config.Settings;

/** Validated settings of the {@code score} job. */
public record ScoreSettings(
    List<String> models,
    List<String> benchmarks,
    boolean detectLanguage,
    boolean rescoreAll,
    double maxErrorRate) {
  static final String KEY = "polyreason.score";

  public static ScoreSettings parse(Settings s) {
    return new ScoreSettings(
        s.stringList(KEY + ".models"),
        s.stringList(KEY + ".benchmarks"),
        s.bool(KEY + ".detect-language"),
        s.bool(KEY + ".rescore"),
        s.doubleInRange(KEY + ".max-error-rate", 0.0, 1.0));
  }
}
