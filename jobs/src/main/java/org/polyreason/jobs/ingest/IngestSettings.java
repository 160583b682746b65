package org.polyreason.jobs.ingest;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polyreason.common.Languages;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;

/** Validated settings of the {@code ingest} job. */
public record IngestSettings(
    String dataRoot,
    List<BenchmarkReader> benchmarks,
    List<String> languages,
    boolean alignmentIsError) {

  static final String KEY = "polyreason.ingest";

  public static IngestSettings parse(Settings s) {
    Map<String, BenchmarkReader> known = new LinkedHashMap<>();
    for (BenchmarkReader r : BuiltinReaders.all()) {
      known.put(r.name(), r);
    }
    known.put(SyntheticBenchmark.NAME, synthetic(s));
    List<Config> generic = s.objectList(KEY + ".generic");
    for (int i = 0; i < generic.size(); i++) {
      GenericJsonlReader g = generic(new Settings(generic.get(i)), KEY + ".generic[" + i + "]");
      if (known.containsKey(g.name())) {
        throw Settings.bad(
            KEY + ".generic[" + i + "].name",
            g.name(),
            "a name not already used by " + known.keySet());
      }
      known.put(g.name(), g);
    }
    List<String> names = s.stringList(KEY + ".benchmarks");
    if (names.isEmpty()) {
      throw Settings.bad(
          KEY + ".benchmarks", "[]", "a non-empty list of " + String.join(", ", known.keySet()));
    }
    Settings.requireAllIn(KEY + ".benchmarks", names, known.keySet());
    List<BenchmarkReader> readers = new ArrayList<>();
    for (String n : new java.util.LinkedHashSet<>(names)) {
      readers.add(known.get(n));
    }
    List<String> languages = s.stringList(KEY + ".languages");
    Settings.requireAllIn(KEY + ".languages", languages, Languages.codes());
    return new IngestSettings(
        s.nonEmptyString("polyreason.data-root"),
        List.copyOf(readers),
        languages,
        s.oneOf(KEY + ".alignment", List.of("error", "warn")).equals("error"));
  }

  private static SyntheticBenchmark synthetic(Settings s) {
    String k = KEY + ".synthetic.";
    return new SyntheticBenchmark(
        s.longInRange(k + "seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.intInRange(k + "train-problems", 0, 100_000),
        s.intInRange(k + "test-problems", 1, 10_000));
  }

  private static GenericJsonlReader generic(Settings g, String where) {
    Set<String> allowed =
        Set.of(
            "name",
            "path",
            "languages",
            "id-field",
            "question-field",
            "answer-field",
            "subset-field");
    for (String key : g.config().root().keySet()) {
      if (!allowed.contains(key)) {
        throw new UserException(
            "Unknown configuration key " + where + "." + key + "; allowed: " + allowed);
      }
    }
    String path = required(g, where, "path");
    if (!path.contains("{lang}")) {
      throw Settings.bad(
          where + ".path", path, "a path containing {lang}, e.g. mybench/{lang}.jsonl");
    }
    List<String> langs = g.has("languages") ? g.stringList("languages") : List.of();
    if (langs.isEmpty()) {
      throw new UserException(
          "Missing configuration key " + where + ".languages (a non-empty list of language codes)");
    }
    Settings.requireAllIn(where + ".languages", langs, Languages.codes());
    String name = required(g, where, "name");
    if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw Settings.bad(where + ".name", name, "lower-case letters, digits, '_' or '-'");
    }
    return new GenericJsonlReader(
        name,
        path,
        langs,
        optional(g, "id-field", "id"),
        optional(g, "question-field", "question"),
        optional(g, "answer-field", "answer"),
        optional(g, "subset-field", ""));
  }

  private static String required(Settings g, String where, String key) {
    if (!g.has(key) || g.string(key).isBlank()) {
      throw new UserException("Missing configuration key " + where + "." + key);
    }
    return g.string(key);
  }

  private static String optional(Settings g, String key, String dflt) {
    return g.has(key) ? g.string(key) : dflt;
  }
}
