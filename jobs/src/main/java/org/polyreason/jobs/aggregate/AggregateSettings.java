package org.polyreason.jobs.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.polyreason.common.Languages;
import org.polyreason.config.Settings;

/**
 * Validated settings of the {@code aggregate} job.
 *
 * @param kList the k of pass@k; each k is reported where k ≤ the group's samples per problem
 * @param bootstrapSamples resamples of the percentile bootstrap over problems
 * @param seed bootstrap seed (the same seed gives the same intervals)
 * @param confidence confidence level of the intervals, in (0, 1)
 * @param referenceLanguage the language every other language is paired with in the {@code paired}
 *     table
 */
public record AggregateSettings(
    List<Integer> kList,
    int bootstrapSamples,
    long seed,
    double confidence,
    String referenceLanguage)
    implements java.io.Serializable {

  static final String KEY = "polyreason.aggregate";

  public static AggregateSettings parse(Settings s) {
    return new AggregateSettings(
        kList(s, KEY + ".k-list"),
        s.intInRange(KEY + ".bootstrap-samples", 1, 1_000_000),
        s.longInRange(KEY + ".seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.confidence(KEY + ".confidence"),
        Languages.require(
            s.nonEmptyString(KEY + ".reference-language"), KEY + ".reference-language"));
  }

  /** A non-empty list of distinct positive integers, sorted. */
  static List<Integer> kList(Settings s, String key) {
    List<String> raw = s.stringList(key);
    if (raw.isEmpty()) {
      throw Settings.bad(key, "[]", "a non-empty list of positive integers, e.g. [1, 4, 8]");
    }
    TreeSet<Integer> ks = new TreeSet<>();
    for (String r : raw) {
      try {
        int k = Integer.parseInt(r.strip());
        if (k < 1) {
          throw Settings.bad(key, r, "positive integers, e.g. [1, 4, 8]");
        }
        ks.add(k);
      } catch (NumberFormatException e) {
        throw Settings.bad(key, r, "positive integers, e.g. [1, 4, 8]");
      }
    }
    return List.copyOf(new ArrayList<>(ks));
  }
}
