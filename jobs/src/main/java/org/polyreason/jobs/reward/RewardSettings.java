package org.polyreason.jobs.reward;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polyreason.config.Settings;

/**
 * Validated settings of the {@code reward} job.
 *
 * @param formulas named formulas to compute, each a {@code reward_<name>} column
 * @param custom weights of the user formula over the components (empty = no reward_custom column)
 * @param primary the formula whose value drives the group statistics (mean, std, advantage)
 */
public record RewardSettings(
    List<String> models,
    List<String> benchmarks,
    List<String> formulas,
    Map<String, Double> custom,
    String primary,
    double gateThreshold,
    double epsilon,
    boolean export,
    int maxPerProblem,
    String exportOut,
    String userTemplate,
    long seed)
    implements Serializable {

  static final String KEY = "polyreason.reward";

  /** The named formulas, in their documented order. */
  public static final List<String> FORMULAS =
      List.of("accuracy", "r1", "format-accuracy-language", "slc", "gated");

  /** Components a user formula may weigh. */
  public static final List<String> COMPONENTS =
      List.of("accuracy", "format", "language_share", "consistent");

  public static RewardSettings parse(Settings s) {
    List<String> formulas = s.stringList(KEY + ".formulas");
    Settings.requireAllIn(KEY + ".formulas", formulas, FORMULAS);
    Map<String, Double> custom = new LinkedHashMap<>();
    Config weights = s.config().getConfig(KEY + ".custom");
    for (var e : weights.root().entrySet()) {
      String key = KEY + ".custom." + e.getKey();
      if (!COMPONENTS.contains(e.getKey())) {
        throw Settings.bad(
            key, e.getValue().render(), "weights of " + String.join(", ", COMPONENTS));
      }
      if (e.getValue().valueType() != ConfigValueType.NUMBER) {
        throw Settings.bad(key, e.getValue().render(), "a number");
      }
      custom.put(e.getKey(), ((Number) e.getValue().unwrapped()).doubleValue());
    }
    String primary = s.string(KEY + ".primary");
    boolean primaryOk =
        formulas.contains(primary) || (primary.equals("custom") && !custom.isEmpty());
    if (!primaryOk) {
      throw Settings.bad(
          KEY + ".primary",
          primary,
          "one of the computed formulas " + formulas + (custom.isEmpty() ? "" : " or custom"));
    }
    String userTemplate = s.string(KEY + ".export.user-template");
    if (!userTemplate.contains("{question}")) {
      throw Settings.bad(
          KEY + ".export.user-template", userTemplate, "a text containing {question}");
    }
    return new RewardSettings(
        s.stringList(KEY + ".models"),
        s.stringList(KEY + ".benchmarks"),
        List.copyOf(formulas),
        Map.copyOf(custom),
        primary,
        s.doubleInRange(KEY + ".gate-threshold", 0.0, 1.0),
        s.doubleInRange(KEY + ".epsilon", 0.0, 1.0),
        s.bool(KEY + ".export.enabled"),
        s.intInRange(KEY + ".export.max-per-problem", 1, 1_000_000),
        s.string(KEY + ".export.out").strip(),
        userTemplate,
        s.longInRange(KEY + ".export.seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /** Column of a formula: {@code reward_} + its name with '-' as '_'. */
  public static String column(String formula) {
    return "reward_" + formula.replace('-', '_');
  }
}
