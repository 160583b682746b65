package org.polyreason.jobs.paralleldata;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.polyreason.common.Languages;
import org.polyreason.config.Settings;

/**
 * Validated settings of the {@code parallel-data} job.
 *
 * @param languages the language order, English first; set N holds the first N of them
 * @param problems problems per set of the fixed-problems design (0 = budget / max N)
 * @param subsets the {@code subset} values training problems come from (empty = all)
 * @param evalSubsets the {@code subset} values of the evaluation problems of the leakage check
 *     (empty = all)
 * @param out trainer-file root; empty = {@code <warehouse>/trainer-data}
 */
public record ParallelDataSettings(
    List<String> benchmarks,
    List<String> languages,
    List<Integer> nList,
    int budget,
    String design,
    int problems,
    List<String> evalBenchmarks,
    List<String> subsets,
    List<String> evalSubsets,
    List<String> formats,
    double valFraction,
    long seed,
    String out,
    String leakage,
    String userTemplate,
    String languageInstruction,
    String dataSource,
    String skyrlEnvClass)
    implements Serializable {

  static final String KEY = "polyreason.parallel-data";
  public static final String FIXED_BUDGET = "fixed-budget";
  public static final String FIXED_PROBLEMS = "fixed-problems";
  public static final List<String> FORMATS = List.of("verl", "skyrl", "sft");

  public static ParallelDataSettings parse(Settings s) {
    List<String> benchmarks = s.stringList(KEY + ".benchmarks");
    List<String> languages = s.stringList(KEY + ".languages");
    Settings.requireAllIn(KEY + ".languages", languages, Languages.codes());
    if (languages.isEmpty() || !languages.get(0).equals("en")) {
      throw Settings.bad(
          KEY + ".languages",
          String.valueOf(languages),
          "a list of language codes with English first, e.g. [en, es, fr]");
    }
    if (new LinkedHashSet<>(languages).size() != languages.size()) {
      throw Settings.bad(KEY + ".languages", String.valueOf(languages), "distinct language codes");
    }
    List<Integer> nList = new ArrayList<>();
    for (String n : s.stringList(KEY + ".n-list")) {
      int v;
      try {
        v = Integer.parseInt(n.strip());
      } catch (NumberFormatException e) {
        throw Settings.bad(KEY + ".n-list", n, "integers in [1, " + languages.size() + "]");
      }
      if (v < 1 || v > languages.size()) {
        throw Settings.bad(
            KEY + ".n-list",
            n,
            "integers in [1, " + languages.size() + "] (the number of configured languages)");
      }
      if (!nList.contains(v)) {
        nList.add(v);
      }
    }
    if (nList.isEmpty()) {
      throw Settings.bad(
          KEY + ".n-list", "[]", "a non-empty list of integers, e.g. [1, 2, 3, 4, 5]");
    }
    List<String> formats = s.stringList(KEY + ".formats");
    Settings.requireAllIn(KEY + ".formats", formats, FORMATS);
    if (formats.isEmpty()) {
      throw Settings.bad(
          KEY + ".formats", "[]", "a non-empty list of " + String.join(", ", FORMATS));
    }
    String userTemplate = s.string(KEY + ".user-template");
    if (!userTemplate.contains("{question}")) {
      throw Settings.bad(KEY + ".user-template", userTemplate, "a text containing {question}");
    }
    double val = s.doubleInRange(KEY + ".val-fraction", 0.0, 1.0);
    if (val >= 1.0) {
      throw Settings.bad(KEY + ".val-fraction", String.valueOf(val), "a number in [0, 1)");
    }
    return new ParallelDataSettings(
        benchmarks,
        languages,
        List.copyOf(nList),
        s.intInRange(KEY + ".budget", 1, Integer.MAX_VALUE),
        s.oneOf(KEY + ".design", List.of(FIXED_BUDGET, FIXED_PROBLEMS)),
        s.intInRange(KEY + ".problems", 0, Integer.MAX_VALUE),
        s.stringList(KEY + ".eval-benchmarks"),
        s.stringList(KEY + ".subsets"),
        s.stringList(KEY + ".eval-subsets"),
        List.copyOf(new LinkedHashSet<>(formats)),
        val,
        s.longInRange(KEY + ".seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.string(KEY + ".out").strip(),
        s.oneOf(KEY + ".leakage", List.of("error", "exclude", "warn")),
        userTemplate,
        s.string(KEY + ".language-instruction"),
        s.nonEmptyString(KEY + ".data-source"),
        s.nonEmptyString(KEY + ".skyrl-env-class"));
  }

  /** Problems (distinct, each in all N languages) of the set with N languages. */
  public int problemsFor(int n) {
    if (design.equals(FIXED_BUDGET)) {
      return budget / n;
    }
    int max = nList.stream().mapToInt(Integer::intValue).max().orElse(1);
    return problems > 0 ? problems : budget / max;
  }

  /** Folder name of one set: {@code <design>-n<N>}. */
  public String setName(int n) {
    return design + "-n" + n;
  }
}
