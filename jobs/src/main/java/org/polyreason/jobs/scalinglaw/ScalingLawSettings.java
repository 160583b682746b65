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
    int bootstrapSamples,
    long seed,
    double confidence) {

  static final String KEY = "polyreason.scaling-law";

  /** One model of a series: trained on N parallel languages (N = 1: English only). */
  public record Point(String model, int n) {}

  /**
   * A series. {@code metric} is heldout-mean, all-mean, mti or lang:&lt;code&gt;; {@code heldOut}
   * is used by heldout-mean only.
   */
  public record Series(
      String name, String benchmark, String metric, List<String> heldOut, List<Point> points) {
    /** The single language of a lang:&lt;code&gt; metric, else null. */
    public String metricLanguage() {
      return metric.startsWith("lang:") ? metric.substring(5) : null;
    }
  }

  public static ScalingLawSettings parse(Settings s) {
    int fitFrom = s.intInRange(KEY + ".fit-from", 1, 1000);
    Form form =
        Form.valueOf(
            s.oneOf(KEY + ".form", List.of("power", "saturating")).toUpperCase(Locale.ROOT));
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
              + "held-out-languages, points = [ { model, n } ] }");
    }
  }

  private static Series series(Settings c, String where, int fitFrom) {
    Set<String> allowed = Set.of("name", "benchmark", "metric", "held-out-languages", "points");
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
    Set<Integer> ns = new HashSet<>();
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
      if (!ns.add(n)) {
        throw Settings.bad(
            at + ".n", Integer.toString(n), "a number of languages not used by another point");
      }
      points.add(new Point(model, n));
    }
    long fitted = points.stream().filter(p -> p.n() >= fitFrom).count();
    if (fitted < 3) {
      throw new UserException(
          "Scaling-law series "
              + name
              + " ("
              + where
              + ") has "
              + fitted
              + " points with N >= "
              + fitFrom
              + " ("
              + KEY
              + ".fit-from); a fit needs at least 3");
    }
    return new Series(name, benchmark, metric, List.copyOf(heldOut), List.copyOf(points));
  }

  private static String required(Settings c, String where, String key) {
    if (!c.has(key) || c.string(key).isBlank()) {
      throw new UserException("Missing configuration key " + where + "." + key);
    }
    return c.string(key).strip();
  }
}
