package org.polyreason.jobs.scalinglaw;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.polyreason.common.Languages;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.udfs.stats.ScalingLawFit.Form;

/**
 * Validated settings of the {@code scaling-law} job. An empty series list parses (the shipped
 * environment files configure none and must validate for every job) and is refused by {@link
 * #requireConfigured()} before Spark starts (through Job#requireInputs).
 */
public record ScalingLawSettings(
    List<Series> series,
    int fitFrom,
    Form form,
    List<Form> alternatives,
    int bootstrapSamples,
    long seed,
    double confidence) {

  static final String KEY = "polyreason.scaling-law";

  /**
   * One model of a series: trained on N parallel languages (N = 1: English only). Several models
   * may share an N (seeds): y(N) is their mean.
   */
  public record Point(String model, int n) {}

  /**
   * A series. {@code metric} is heldout-mean, all-mean, mti or lang:&lt;code&gt;; {@code heldOut}
   * is used by heldout-mean only. {@code trained} (instead of points) names a {@code train} run
   * whose post-trained models are the points ({@code trained_models}); with it, an empty {@code
   * heldOut} means the evaluated languages no model of the series was post-trained on.
   */
  public record Series(
      String name,
      String benchmark,
      String metric,
      List<String> heldOut,
      List<Point> points,
      String trained) {

    /** The same series with its points (and held-out languages) resolved from trained_models. */
    public Series withPoints(List<Point> resolved, List<String> resolvedHeldOut) {
      return new Series(name, benchmark, metric, resolvedHeldOut, resolved, trained);
    }

    /** The single language of a lang:&lt;code&gt; metric, else null. */
    public String metricLanguage() {
      return metric.startsWith("lang:") ? metric.substring(5) : null;
    }
  }

  public static ScalingLawSettings parse(Settings s) {
    int fitFrom = s.intInRange(KEY + ".fit-from", 1, 1000);
    List<String> forms = List.of("power", "saturating", "log");
    Form form = Form.valueOf(s.oneOf(KEY + ".form", forms).toUpperCase(Locale.ROOT));
    List<String> alt = s.stringList(KEY + ".alternatives");
    Settings.requireAllIn(KEY + ".alternatives", alt, forms);
    List<Form> alternatives =
        alt.stream()
            .map(f -> Form.valueOf(f.toUpperCase(Locale.ROOT)))
            .filter(f -> f != form)
            .distinct()
            .toList();
    List<Config> raw = s.objectList(KEY + ".series");
    List<Series> series = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      Series one = series(new Settings(raw.get(i)), KEY + ".series[" + i + "]", fitFrom);
      if (!names.add(one.name())) {
        throw Settings.bad(
            KEY + ".series[" + i + "].name", one.name(), "a name not used by another series");
      }
      series.add(one);
    }
    return new ScalingLawSettings(
        List.copyOf(series),
        fitFrom,
        form,
        alternatives,
        s.intInRange(KEY + ".bootstrap-samples", 1, 1_000_000),
        s.longInRange(KEY + ".seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.confidence(KEY + ".confidence"));
  }

  /** Refuses to run without series. */
  public void requireConfigured() {
    if (series.isEmpty()) {
      throw Settings.bad(
          KEY + ".series",
          "[]",
          "a non-empty list of { name, benchmark, metric, "
              + "held-out-languages, points = [ { model, n } ] (or trained = <train name>) }");
    }
  }

  private static Series series(Settings c, String where, int fitFrom) {
    Set<String> allowed =
        Set.of("name", "benchmark", "metric", "held-out-languages", "points", "trained");
    for (String key : c.config().root().keySet()) {
      if (!allowed.contains(key)) {
        throw new UserException(
            "Unknown configuration key " + where + "." + key + "; allowed: " + allowed);
      }
    }
    String name = required(c, where, "name");
    String benchmark = required(c, where, "benchmark");
    String metric = c.has("metric") ? c.string("metric").strip() : "heldout-mean";
    if (metric.startsWith("lang:")) {
      metric = "lang:" + Languages.require(metric.substring(5), where + ".metric");
    } else if (!List.of("heldout-mean", "all-mean", "mti").contains(metric)) {
      throw Settings.bad(where + ".metric", metric, "heldout-mean, all-mean, mti or lang:<code>");
    }
    List<String> heldOut = new ArrayList<>();
    if (c.has("held-out-languages")) {
      for (String l : c.stringList("held-out-languages")) {
        heldOut.add(Languages.require(l, where + ".held-out-languages"));
      }
    }
    String trained = c.has("trained") ? c.string("trained").strip() : null;
    if (trained != null) {
      if (c.has("points") || trained.isEmpty()) {
        throw Settings.bad(
            where + ".trained",
            trained,
            "the name of a train run (polyreason.train.name), instead of points");
      }
      return new Series(name, benchmark, metric, List.copyOf(heldOut), List.of(), trained);
    }
    if (metric.equals("heldout-mean") && heldOut.isEmpty()) {
      throw new UserException(
          "Missing configuration key "
              + where
              + ".held-out-languages (a non-empty list of "
              + "languages in no training set of the series; needed by metric heldout-mean)");
    }
    if (!c.has("points")) {
      throw new UserException("Missing configuration key " + where + ".points");
    }
    List<Point> points = new ArrayList<>();
    Set<Point> seen = new HashSet<>();
    List<Config> raw = c.objectList("points");
    for (int i = 0; i < raw.size(); i++) {
      Settings p = new Settings(raw.get(i));
      String at = where + ".points[" + i + "]";
      for (String key : p.config().root().keySet()) {
        if (!Set.of("model", "n").contains(key)) {
          throw new UserException(
              "Unknown configuration key " + at + "." + key + "; allowed: [model, n]");
        }
      }
      String model = required(p, at, "model");
      if (!p.has("n")) {
        throw new UserException("Missing configuration key " + at + ".n");
      }
      int n = p.intInRange("n", 1, 1000);
      if (!seen.add(new Point(model, n))) {
        throw Settings.bad(at + ".model", model, "a model not listed twice with the same n");
      }
      points.add(new Point(model, n));
    }
    requireFittable(name, where, points, fitFrom);
    return new Series(name, benchmark, metric, List.copyOf(heldOut), List.copyOf(points), null);
  }

  /** A fit needs at least 3 distinct N ≥ fit-from. */
  static void requireFittable(String name, String where, List<Point> points, int fitFrom) {
    long fitted = points.stream().filter(p -> p.n() >= fitFrom).map(Point::n).distinct().count();
    if (fitted < 3) {
      throw new UserException(
          "Scaling-law series "
              + name
              + " ("
              + where
              + ") has "
              + fitted
              + " distinct N >= "
              + fitFrom
              + " ("
              + KEY
              + ".fit-from); a fit needs at least 3");
    }
  }

  /** The primary form, then the alternatives. */
  public List<Form> forms() {
    List<Form> all = new ArrayList<>();
    all.add(form);
    all.addAll(alternatives);
    return all;
  }

  private static String required(Settings c, String where, String key) {
    if (!c.has(key) || c.string(key).isBlank()) {
      throw new UserException("Missing configuration key " + where + "." + key);
    }
    return c.string(key).strip();
  }
}
