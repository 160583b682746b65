package org.polyreason.jobs.report;

import static org.polyreason.jobs.report.Painters.f3;
import static org.polyreason.jobs.report.ReportContent.ci;
import static org.polyreason.jobs.report.ReportContent.str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.polyreason.jobs.report.ReportData.FitRow;
import org.polyreason.jobs.report.ReportData.LangY;
import org.polyreason.jobs.report.ReportData.MetricRow;
import org.polyreason.jobs.report.ReportData.Point;
import org.polyreason.jobs.report.ReportData.TransferRow;
import org.polyreason.udfs.language.LanguageTable;

/**
 * The report's "Parallel scaling law" section: the fits of every form, then per series its points
 * with CIs, accuracy per language and N with CIs, the first step of the answers where the benchmark
 * has worked answers, the law figure (alternatives drawn beside the primary form) and a plain
 * reading of what the numbers do and do not show.
 */
final class ScalingSection {
  private ScalingSection() {}

  /**
   * Adds the section to {@code doc}; returns its figures. {@code metrics} and {@code transfer}
   * (nullable) give the first-step diagnosis of each series ({@link FirstStepSection}), {@code
   * probes} (nullable) its translation probe ({@link ProbeSection}).
   */
  static List<Figure> add(
      Doc doc,
      List<FitRow> fits,
      List<MetricRow> metrics,
      List<TransferRow> transfer,
      List<ReportData.ProbeRow> probes,
      ReportFonts fonts) {
    List<Figure> figures = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (FitRow f : fits) {
      rows.add(
          List.of(
              f.series(),
              f.benchmark(),
              f.metric(),
              f.form(),
              str(f.nPoints()),
              f3(f.a()),
              ci(f.aCiLow(), f.aCiHigh()),
              f3(f.b()),
              ci(f.bCiLow(), f.bCiHigh()),
              f3(f.c()),
              f3(f.r2()),
              f3(f.rmse()),
              f3(f.looError()),
              f3(f.leap()),
              ci(f.leapCiLow(), f.leapCiHigh()),
              f3(f.leapRatio()),
              f3(f.mgg())));
    }
    doc.table(
        List.of(
            "series",
            "benchmark",
            "metric",
            "form",
            "points fitted",
            "a",
            "a CI",
            "b",
            "b CI",
            "c",
            "R²",
            "RMSE",
            "LOO error",
            "First-Parallel Leap",
            "leap CI",
            "leap ratio",
            "MGG"),
        rows);
    for (List<FitRow> forms : bySeries(fits).values()) {
      FitRow f = forms.get(0);
      doc.h(3, "Series " + f.series() + " (" + f.benchmark() + ")");
      List<List<String>> pts = new ArrayList<>();
      for (Point p : f.points()) {
        pts.add(
            List.of(
                Integer.toString(p.n()),
                p.models().size() == 1 ? p.model() : p.models().size() + " models (seeds)",
                f3(p.y()),
                ci(p.yCiLow(), p.yCiHigh()),
                f3(p.yFit()),
                p.fitted() ? "yes" : "no"));
      }
      doc.table(List.of("N", "model", "y (" + f.metric() + ")", "y CI", "f(N)", "fitted"), pts);
      languageTable(doc, f);
      FirstStepSection.add(doc, f, metrics, transfer);
      ProbeSection.add(doc, f, probes, transfer);
      ReportContent.addFigure(
          doc, figures, Charts.scaling(f, forms.subList(1, forms.size()), fonts));
      doc.p(reading(forms));
    }
    return figures;
  }

  /** Fits grouped by (series, benchmark), the primary form first (the table's order). */
  static Map<String, List<FitRow>> bySeries(List<FitRow> fits) {
    Map<String, List<FitRow>> out = new LinkedHashMap<>();
    for (FitRow f : fits) {
      out.computeIfAbsent(f.series() + "\u0000" + f.benchmark(), k -> new ArrayList<>()).add(f);
    }
    return out;
  }

  private static void languageTable(Doc doc, FitRow f) {
    if (f.points().stream().anyMatch(p -> p.languages() == null)) {
      return;
    }
    List<String> langs = new ArrayList<>();
    f.points().forEach(p -> p.languages().forEach(l -> langs.add(l.lang())));
    doc.p(
        "Accuracy per language and N: the mean over the N's models (seeds) of avg@k on the problems"
            + " every model answered, with the bootstrap CI over problems and seeds.");
    byNAndLanguage(
        doc,
        f,
        langs,
        (p, l) -> {
          LangY y = p.languages().stream().filter(x -> x.lang().equals(l)).findFirst().orElse(null);
          return y == null ? "–" : f3(y.y()) + " " + ci(y.ciLow(), y.ciHigh());
        });
  }

  /**
   * A table with one row per point of {@code f} (its N) and one column per language of {@code
   * langs} (each once, in the report's language order), the cells from {@code cell}.
   */
  static void byNAndLanguage(
      Doc doc,
      FitRow f,
      java.util.Collection<String> langs,
      BiFunction<Point, String, String> cell) {
    TreeSet<String> ordered = new TreeSet<>(ReportData.LANGUAGE_ORDER);
    ordered.addAll(langs);
    List<String> header = new ArrayList<>(List.of("N"));
    header.addAll(ordered);
    List<List<String>> rows = new ArrayList<>();
    for (Point p : f.points()) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(p.n())));
      ordered.forEach(l -> row.add(cell.apply(p, l)));
      rows.add(row);
    }
    doc.table(header, rows);
  }

  /** A plain sentence on what the series shows and does not show, from its numbers alone. */
  static String reading(List<FitRow> forms) {
    FitRow f = forms.get(0);
    StringBuilder out = new StringBuilder("Reading: ");
    if (f.leap() == null) {
      out.append("no First-Parallel Leap (the series lacks N = 1 or N = 2). ");
    } else if (f.leapCiLow() == null || f.leapCiHigh() == null) {
      out.append(String.format(Locale.ROOT, "First-Parallel Leap %+.3f (no CI). ", f.leap()));
    } else {
      boolean excludes = f.leapCiLow() > 0 || f.leapCiHigh() < 0;
      out.append(
          String.format(
              Locale.ROOT,
              "the First-Parallel Leap y(2) − y(1) is %+.3f, CI [%.3f, %.3f], which %s 0",
              f.leap(),
              f.leapCiLow(),
              f.leapCiHigh(),
              excludes ? "excludes" : "does not exclude"));
      out.append(
          excludes
              ? ": adding one parallel language changed " + f.metric() + " beyond noise. "
              : ": the miniature does not show a leap beyond noise. ");
    }
    FitRow best = null;
    for (FitRow x : forms) {
      if (x.looError() != null && (best == null || x.looError() < best.looError())) {
        best = x;
      }
    }
    List<String> laws = new ArrayList<>();
    for (FitRow x : forms) {
      laws.add(
          x.a() == null
              ? x.form() + " not fitted (" + x.fitNullReason() + ")"
              : String.format(
                  Locale.ROOT,
                  "%s R² %s, LOO error %s",
                  x.form(),
                  f3(x.r2()),
                  x.looError() == null ? "–" : f3(x.looError())));
    }
    out.append("Fits on N ≥ ").append(f.fitFrom()).append(": ").append(String.join("; ", laws));
    out.append(
        best == null || forms.size() < 2
            ? ". "
            : ". The smallest leave-one-out error is the " + best.form() + " form's");
    if (best != null && forms.size() >= 2) {
      out.append(
          f.nPoints() < 5
              ? String.format(
                  Locale.ROOT,
                  ", but with %d fitted points no form can be told apart from the others with"
                      + " confidence; read no exponent into them. ",
                  f.nPoints())
              : ". ");
    }
    out.append(scripts(f));
    return out.toString().strip();
  }

  /** How the non-Latin-script languages moved from the smallest to the largest N. */
  private static String scripts(FitRow f) {
    if (f.points().size() < 2 || f.points().stream().anyMatch(p -> p.languages() == null)) {
      return "";
    }
    Point first = f.points().get(0);
    Point last = f.points().get(f.points().size() - 1);
    List<String> parts = new ArrayList<>();
    for (LangY a : first.languages()) {
      LangY b =
          last.languages().stream().filter(x -> x.lang().equals(a.lang())).findFirst().orElse(null);
      String script =
          LanguageTable.find(a.lang()).map(l -> l.script().toString()).orElse("unknown script");
      if (b == null) {
        continue;
      }
      boolean up = a.ciHigh() != null && b.ciLow() != null && b.ciLow() > a.ciHigh();
      parts.add(
          String.format(
              Locale.ROOT,
              "%s (%s) %.3f → %.3f%s",
              a.lang(),
              script.toLowerCase(Locale.ROOT),
              a.y(),
              b.y(),
              up ? " (CIs apart)" : ""));
    }
    return "Per language from N = "
        + first.n()
        + " to N = "
        + last.n()
        + ": "
        + String.join(", ", parts)
        + ". A language whose CIs overlap has not been shown to gain; the miniature is a"
        + " character-level model on templated arithmetic, so a gain there says that parallel"
        + " data taught it to follow a script and the answer format, not that it reasons like a"
        + " large model.";
  }
}
