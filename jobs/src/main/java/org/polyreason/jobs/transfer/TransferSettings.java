package org.polyreason.jobs.transfer;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.polyreason.common.Languages;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.TrainedModels;
import org.polyreason.udfs.stats.Transferability.Mode;

/**
 * Validated settings of the {@code transfer} job. An empty pair list parses (the shipped
 * environment files configure no pairs and must validate for every job) and is refused by {@link
 * #requireConfigured()} before Spark starts (through Job#requireInputs).
 */
public record TransferSettings(
    List<Pair> pairs,
    List<String> trained,
    Mode mode,
    double minDenominator,
    int bootstrapSamples,
    long seed,
    double confidence) {

  static final String KEY = "polyreason.transfer";

  /** One model/base pair; {@code benchmark} null = every benchmark both models have. */
  public record Pair(String model, String base, List<String> trainLanguages, String benchmark) {
    /** How messages name the pair. */
    public String describe() {
      return "{ model = "
          + model
          + ", base = "
          + base
          + ", train-languages = "
          + trainLanguages
          + (benchmark == null ? "" : ", benchmark = " + benchmark)
          + " }";
    }
  }

  public static TransferSettings parse(Settings s) {
    List<Config> raw = s.objectList(KEY + ".pairs");
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      pairs.add(pair(new Settings(raw.get(i)), KEY + ".pairs[" + i + "]"));
    }
    String modeText = s.oneOf(KEY + ".mode", List.of("absolute", "relative"));
    List<String> trained = s.stringList(KEY + ".trained");
    for (String t : trained) {
      if (!t.matches("[a-z0-9][a-z0-9_-]*")) {
        throw Settings.bad(KEY + ".trained", t, "names of train runs (polyreason.train.name)");
      }
    }
    return new TransferSettings(
        List.copyOf(pairs),
        List.copyOf(trained),
        Mode.parse(modeText.toLowerCase(Locale.ROOT)),
        s.doubleInRange(KEY + ".min-denominator", 0.0, 1.0),
        s.intInRange(KEY + ".bootstrap-samples", 1, 1_000_000),
        s.longInRange(KEY + ".seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.confidence(KEY + ".confidence"));
  }

  /** Refuses to run without pairs (given, or derived from train runs). */
  public void requireConfigured() {
    if (pairs.isEmpty() && trained.isEmpty()) {
      throw Settings.bad(
          KEY + ".pairs",
          "[]",
          "a non-empty list of { model = M, base = B, train-languages = [en], benchmark = mgsm (optional) }"
              + ", or polyreason.transfer.trained = [<train name>]");
    }
  }

  private static Pair pair(Settings p, String where) {
    Set<String> allowed = Set.of("model", "base", "train-languages", "benchmark");
    for (String key : p.config().root().keySet()) {
      if (!allowed.contains(key)) {
        throw new UserException(
            "Unknown configuration key " + where + "." + key + "; allowed: " + allowed);
      }
    }
    String model = required(p, where, "model");
    String base = required(p, where, "base");
    if (model.equals(base)) {
      throw Settings.bad(where + ".base", base, "a model other than " + where + ".model");
    }
    if (!p.has("train-languages")) {
      throw new UserException(
          "Missing configuration key " + where + ".train-languages (e.g. [en])");
    }
    List<String> train = p.stringList("train-languages");
    if (train.isEmpty()) {
      throw Settings.bad(
          where + ".train-languages", "[]", "a non-empty list of language codes, e.g. [en]");
    }
    List<String> codes = new ArrayList<>();
    for (String t : train) {
      codes.add(Languages.require(t, where + ".train-languages"));
    }
    String benchmark =
        p.has("benchmark") && !p.string("benchmark").isBlank()
            ? p.string("benchmark").strip()
            : null;
    return new Pair(model, base, List.copyOf(codes), benchmark);
  }

  private static String required(Settings p, String where, String key) {
    if (!p.has(key) || p.string(key).isBlank()) {
      throw new UserException("Missing configuration key " + where + "." + key);
    }
    return p.string(key).strip();
  }

  /**
   * The given pairs plus, for every train run in {@code trained}, each post-trained model against
   * the pretrained base and, for N &gt; 1, against the N = 1 model of the same seed (training
   * languages: the model's own), from {@code trained_models} rows.
   */
  public TransferSettings withTrainedPairs(List<org.apache.spark.sql.Row> trainedModels) {
    List<Pair> all = new ArrayList<>(pairs);
    for (String t : trained) {
      List<TrainedModels.Model> post = TrainedModels.postTrained(trainedModels, t);
      if (post.isEmpty()) {
        throw new UserException(
            KEY
                + ".trained: trained_models has no post-trained model of train run "
                + t
                + "; run train with polyreason.train.name = "
                + t
                + " first");
      }
      java.util.Map<Long, String> nOne = new java.util.HashMap<>();
      post.stream().filter(m -> m.n() == 1).forEach(m -> nOne.put(m.seed(), m.id()));
      for (TrainedModels.Model m : post) {
        all.add(new Pair(m.id(), TrainedModels.base(t), m.trainLanguages(), null));
        String one = nOne.get(m.seed());
        if (m.n() > 1 && one != null) {
          all.add(new Pair(m.id(), one, m.trainLanguages(), null));
        }
      }
    }
    return new TransferSettings(
        List.copyOf(all), List.of(), mode, minDenominator, bootstrapSamples, seed, confidence);
  }
}
