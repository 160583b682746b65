package org.polyreason.jobs.generate;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.polyreason.common.Languages;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.inference.ModelStore;

/**
 * Validated settings of the {@code generate} job (models are checked on disk before Spark starts).
 */
public record GenerateSettings(
    List<ModelSettings> models,
    List<String> benchmarks,
    List<String> subsets,
    List<String> languages,
    List<String> thinkLanguages,
    int samples,
    double temperature,
    double topP,
    int topK,
    int maxNewTokens,
    int batchSize,
    int limitPerLanguage,
    long seed,
    String userTemplate,
    String system,
    double maxErrorRate,
    int checkpointRows,
    int progressSeconds,
    int partitions,
    int groupSize,
    List<String> patterns,
    org.polyreason.inference.ModelCache.Settings modelCache)
    implements Serializable {

  static final String KEY = "polyreason.generate";

  /** Value of think-languages meaning "not forced". */
  public static final String NONE = "none";

  /** Value of think-languages meaning "the question's language". */
  public static final String SAME = "same";

  public static GenerateSettings parse(Settings s) {
    List<String> ids = s.stringList(KEY + ".models");
    if (ids.isEmpty()) {
      throw Settings.bad(
          KEY + ".models", "[]", "a non-empty list of model ids defined under polyreason.models");
    }
    Config modelsConf =
        s.config().hasPath("polyreason.models") ? s.config().getConfig("polyreason.models") : null;
    List<ModelSettings> models = new ArrayList<>();
    var cache = ModelSettings.cacheSettings(s);
    String warehouse = s.string("polyreason.warehouse");
    List<String> patterns = ids.stream().filter(id -> id.endsWith("*")).toList();
    for (String id : expand(ids, warehouse)) {
      if (modelsConf == null || !modelsConf.hasPath(quote(id))) {
        // a model the train job wrote to the warehouse's model store, found by id
        var stored = stored(warehouse, id, cache);
        if (stored.isPresent()) {
          models.add(stored.get());
          continue;
        }
        throw Settings.bad(
            KEY + ".models",
            id,
            "a model id defined under polyreason.models ("
                + (modelsConf == null
                    ? "none defined"
                    : String.join(", ", modelsConf.root().keySet()))
                + ") or stored in the warehouse's model store (<warehouse>/models/<id>/)");
      }
      ModelSettings m = ModelSettings.parse(id, modelsConf.getConfig(quote(id)), cache);
      m.validate();
      models.add(m);
    }
    if (models.isEmpty() && patterns.isEmpty()) {
      throw Settings.bad(KEY + ".models", ids.toString(), "at least one model");
    }
    List<String> langs = s.stringList(KEY + ".languages");
    Settings.requireAllIn(KEY + ".languages", langs, Languages.codes());
    List<String> think = s.stringList(KEY + ".think-languages");
    for (String t : think) {
      if (!t.equals(NONE) && !t.equals(SAME) && !Languages.isKnown(t)) {
        throw Settings.bad(
            KEY + ".think-languages",
            t,
            "none, same, or one of " + String.join(", ", Languages.codes()));
      }
    }
    String userTemplate = s.string(KEY + ".user-template");
    if (!userTemplate.contains("{question}")) {
      throw Settings.bad(KEY + ".user-template", userTemplate, "a text containing {question}");
    }
    double topP = s.doubleInRange(KEY + ".top-p", 0.0, 1.0);
    if (topP <= 0) {
      throw Settings.bad(KEY + ".top-p", String.valueOf(topP), "a number in (0, 1]");
    }
    int groupSize = s.intInRange(KEY + ".group-size", 0, 100_000);
    int samples = s.intInRange(KEY + ".samples", 1, 100_000);
    double temperature = s.doubleInRange(KEY + ".temperature", 0.0, 100.0);
    if (groupSize > 0) {
      if (temperature <= 0) {
        throw Settings.bad(
            KEY + ".temperature",
            String.valueOf(temperature),
            "a temperature > 0 with "
                + KEY
                + ".group-size = "
                + groupSize
                + " (greedy decoding gives k identical rollouts)");
      }
      if (samples != 1 && samples != groupSize) {
        throw Settings.bad(
            KEY + ".samples",
            String.valueOf(samples),
            "1 or the group size "
                + groupSize
                + " when "
                + KEY
                + ".group-size is set (the group size is the number of samples)");
      }
      samples = groupSize;
    }
    return new GenerateSettings(
        List.copyOf(models),
        s.stringList(KEY + ".benchmarks"),
        s.stringList(KEY + ".subsets"),
        langs,
        think.isEmpty() ? List.of(NONE) : think,
        samples,
        temperature,
        topP,
        s.intInRange(KEY + ".top-k", 0, 1_000_000),
        s.intInRange(KEY + ".max-new-tokens", 1, 1 << 20),
        s.intInRange(KEY + ".batch-size", 1, 4096),
        s.intInRange(KEY + ".limit-per-language", 0, Integer.MAX_VALUE),
        s.longInRange(KEY + ".seed", Long.MIN_VALUE, Long.MAX_VALUE),
        userTemplate,
        s.string(KEY + ".system"),
        s.doubleInRange(KEY + ".max-error-rate", 0.0, 1.0),
        s.intInRange(KEY + ".checkpoint-rows", 1, Integer.MAX_VALUE),
        s.intInRange(KEY + ".progress-seconds", 1, 3600),
        s.intInRange(KEY + ".partitions", 0, 1_000_000),
        groupSize,
        patterns,
        cache);
  }

  /**
   * Every id as given, with each id ending in {@code *} replaced by the ids of the stored models
   * with that prefix (the models a {@code train} run wrote), in order and without duplicates. A
   * pattern that matches nothing yet (a study whose train stage has not run) expands to nothing
   * here; {@link #withPatternsResolved} expands it again when the job runs.
   */
  static List<String> expand(List<String> ids, String warehouse) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (String id : ids) {
      if (id.endsWith("*")) {
        out.addAll(ModelStore.idsStartingWith(warehouse, id.substring(0, id.length() - 1)));
      } else {
        out.add(id);
      }
    }
    return List.copyOf(out);
  }

  /** The stored model of this id, as model settings checked on disk. */
  private static java.util.Optional<ModelSettings> stored(
      String warehouse, String id, org.polyreason.inference.ModelCache.Settings cache) {
    return ModelStore.find(warehouse, id)
        .map(
            spec -> {
              ModelSettings m =
                  new ModelSettings(
                      id,
                      spec.path().toString(),
                      spec.engine(),
                      spec.tokenizerPath().toString(),
                      spec.template(),
                      "",
                      0,
                      "auto",
                      cache);
              m.validate();
              return m;
            });
  }

  /**
   * These settings with the model patterns expanded against the model store as it is now (run
   * time): every stored model matching a pattern and not yet listed is added.
   *
   * @throws UserException when a pattern matches no stored model
   */
  public GenerateSettings withPatternsResolved(String warehouse) {
    if (patterns.isEmpty()) {
      return this;
    }
    List<ModelSettings> all = new ArrayList<>(models);
    java.util.Set<String> listed = new java.util.HashSet<>();
    models.forEach(m -> listed.add(m.id()));
    for (String p : patterns) {
      List<String> found = expand(List.of(p), warehouse);
      if (found.isEmpty()) {
        throw new UserException(
            "polyreason.generate.models: pattern "
                + p
                + " matches no model of the warehouse's model store "
                + ModelStore.root(warehouse).map(Object::toString).orElse(warehouse)
                + " (<warehouse>/models/<id>/); run train first");
      }
      for (String id : found) {
        if (listed.add(id)) {
          all.add(stored(warehouse, id, modelCache).orElseThrow());
        }
      }
    }
    return new GenerateSettings(
        List.copyOf(all),
        benchmarks,
        subsets,
        languages,
        thinkLanguages,
        samples,
        temperature,
        topP,
        topK,
        maxNewTokens,
        batchSize,
        limitPerLanguage,
        seed,
        userTemplate,
        system,
        maxErrorRate,
        checkpointRows,
        progressSeconds,
        partitions,
        groupSize,
        List.of(),
        modelCache);
  }

  private static String quote(String id) {
    return com.typesafe.config.ConfigUtil.quoteString(id);
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new UserException(message);
    }
  }
}
