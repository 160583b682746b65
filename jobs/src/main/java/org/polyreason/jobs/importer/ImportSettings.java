package org.polyreason.jobs.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polyreason.common.Languages;
import org.polyreason.config.Settings;

/** Validated settings of the {@code import} job. */
public record ImportSettings(
    String format,
    String path,
    String model,
    String modelRevision,
    String benchmark,
    String language,
    String thinkLang,
    boolean unmatchedIsError,
    double maxBadFraction,
    Map<String, String> fields,
    boolean strictEncoding) {

  static final String KEY = "polyreason.import";
  static final List<String> FIELD_KEYS =
      List.of("problem-id", "question", "prompt", "text", "lang", "sample-idx", "think-lang");

  public static ImportSettings parse(Settings s) {
    String format = s.oneOf(KEY + ".format", ImportFormat.names());
    String language = s.string(KEY + ".language").strip();
    if (!language.isEmpty()) {
      Languages.require(language, KEY + ".language");
    }
    String thinkLang = s.string(KEY + ".think-lang").strip();
    if (!thinkLang.isEmpty() && !thinkLang.equals("same")) {
      if (!Languages.isKnown(thinkLang)) {
        throw Settings.bad(
            KEY + ".think-lang",
            thinkLang,
            "empty (not forced), same, or one of " + String.join(", ", Languages.codes()));
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String f : FIELD_KEYS) {
      fields.put(f, s.string(KEY + ".fields." + f).strip());
    }
    if (format.equals("jsonl") && fields.get("text").isEmpty()) {
      throw Settings.bad(
          KEY + ".fields.text", "\"\"", "the name of the field holding the model output");
    }
    String benchmark = s.nonEmptyString(KEY + ".benchmark").strip();
    if (!benchmark.matches("[a-z0-9][a-z0-9_-]*")) {
      throw Settings.bad(
          KEY + ".benchmark", benchmark, "a benchmark name as in the problems table, e.g. mgsm");
    }
    String model = s.nonEmptyString(KEY + ".model").strip();
    if (model.contains("/") || model.contains("=")) {
      throw Settings.bad(
          KEY + ".model", model, "a model id without '/' or '=' (it names a partition folder)");
    }
    String revision = s.string(KEY + ".model-revision").strip();
    return new ImportSettings(
        format,
        s.nonEmptyString(KEY + ".path"),
        model,
        revision.isEmpty() ? "import" : revision,
        benchmark,
        language,
        thinkLang,
        s.oneOf(KEY + ".unmatched", List.of("warn", "error")).equals("error"),
        s.doubleInRange(KEY + ".max-bad-fraction", 0.0, 1.0),
        Map.copyOf(fields),
        s.oneOf(KEY + ".encoding-errors", List.of("error", "replace")).equals("error"));
  }
}
