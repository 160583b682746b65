package org.polyreason.jobs.report;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.polyreason.jobs.report.ReportData.FitRow;
import org.polyreason.jobs.report.ReportData.MetricRow;
import org.polyreason.jobs.report.ReportData.Point;

/** XChart figures: the scaling law per series, and off-target / truncation rates per language. */
final class Charts {
  private Charts() {}

  static void style(AxesChartStyler s, ReportFonts fonts) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setBaseFont(fonts.base(Font.PLAIN, 12f));
    s.setChartTitleFont(fonts.base(Font.BOLD, 15f));
    s.setLegendFont(fonts.base(Font.PLAIN, 11f));
    s.setAxisTickLabelsFont(fonts.base(Font.PLAIN, 11f));
    s.setAxisTitleFont(fonts.base(Font.PLAIN, 12f));
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
  }

  /**
   * The series' measured points (fitted ones, and the N = 1 point marked apart), the fitted law,
   * the CI band (envelope of the law over the corners of the a × b parameter CI box), and the
   * Monolingual Generalization Gap as a vertical segment at N = 1 from y(1) to f(1).
   */
  static Figure scaling(FitRow fit, List<FitRow> alternatives, ReportFonts fonts) {
    int w = 860;
    int h = 480;
    XYChart chart =
        new XYChartBuilder()
            .width(w)
            .height(h)
            .title(
                "Parallel scaling law — "
                    + fit.series()
                    + " ("
                    + fit.benchmark()
                    + ", "
                    + fit.metric()
                    + ")")
            .xAxisTitle("N (parallel training languages)")
            .yAxisTitle(fit.metric())
            .build();
    style(chart.getStyler(), fonts);
    chart.getStyler().setXAxisDecimalPattern("0");
    int maxN = fit.points().stream().mapToInt(Point::n).max().orElse(1);
    int minN = fit.points().stream().mapToInt(Point::n).min().orElse(1);
    List<Double> xs = new ArrayList<>();
    for (double n = minN;
        n <= maxN + 1e-9;
        n += (maxN - minN) / 60.0 == 0 ? 1 : (maxN - minN) / 60.0) {
      xs.add(n);
    }
    boolean hasLaw = fit.a() != null && fit.b() != null;
    List<Double> law =
        xs.stream().map(n -> hasLaw ? fit.law(n, fit.a(), fit.b()) : Double.NaN).toList();
    List<Double> bars = errorBars(fit.points());
    List<List<Double>> measured = new ArrayList<>();
    for (int i = 0; i < fit.points().size(); i++) {
      double y = fit.points().get(i).y();
      measured.add(List.of(y - bars.get(i), y + bars.get(i)));
    }
    double[] range = plotRange(measured.isEmpty() ? List.of(law) : measured);
    chart.getStyler().setYAxisMin(range[0]);
    chart.getStyler().setYAxisMax(range[1]);
    List<Double> lawShown = insidePlot(law, range);
    String lawName =
        String.format(
            Locale.ROOT,
            "fit: %s (a=%.3f, b=%.3f%s, R²=%s)%s",
            lawFormula(fit.form()),
            hasLaw ? fit.a() : Double.NaN,
            hasLaw ? fit.b() : Double.NaN,
            fit.c() == null ? "" : String.format(Locale.ROOT, ", c=%.3f", fit.c()),
            Painters.f3(fit.r2()),
            clipNote(law, lawShown));
    if (hasLaw) {
      XYSeries lawSeries = chart.addSeries(lawName, xs, lawShown);
      lawSeries.setMarker(SeriesMarkers.NONE);
      lawSeries.setLineColor(new Color(31, 119, 180));
    }
    if (hasLaw
        && fit.aCiLow() != null
        && fit.aCiHigh() != null
        && fit.bCiLow() != null
        && fit.bCiHigh() != null) {
      List<Double> lo = new ArrayList<>();
      List<Double> hi = new ArrayList<>();
      for (double n : xs) {
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        for (double pa : new double[] {fit.aCiLow(), fit.aCiHigh()}) {
          for (double pb : new double[] {fit.bCiLow(), fit.bCiHigh()}) {
            double v = fit.law(n, pa, pb);
            mn = Math.min(mn, v);
            mx = Math.max(mx, v);
          }
        }
        lo.add(mn);
        hi.add(mx);
      }
      List<Double> loShown = insidePlot(lo, range);
      List<Double> hiShown = insidePlot(hi, range);
      for (var band :
          List.of(
              Map.entry("CI band (parameter CIs), lower" + clipNote(lo, loShown), loShown),
              Map.entry("CI band (parameter CIs), upper" + clipNote(hi, hiShown), hiShown))) {
        XYSeries s = chart.addSeries(band.getKey(), xs, band.getValue());
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setLineColor(new Color(120, 160, 200));
      }
    }
    Color[] altColors = {new Color(44, 160, 44), new Color(148, 103, 189)};
    for (int i = 0; i < alternatives.size(); i++) {
      FitRow alt = alternatives.get(i);
      if (alt.a() == null || alt.b() == null) {
        continue;
      }
      List<Double> curve = xs.stream().map(n -> alt.law(n, alt.a(), alt.b())).toList();
      List<Double> curveShown = insidePlot(curve, range);
      XYSeries s =
          chart.addSeries(
              String.format(
                  Locale.ROOT,
                  "alternative: %s (R²=%s, LOO=%s)%s",
                  lawFormula(alt.form()),
                  Painters.f3(alt.r2()),
                  Painters.f3(alt.looError()),
                  clipNote(curve, curveShown)),
              xs,
              curveShown);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(SeriesLines.DOT_DOT);
      s.setLineColor(altColors[i % altColors.length]);
    }
    List<Point> fitted = fit.points().stream().filter(Point::fitted).toList();
    List<Point> notFitted = fit.points().stream().filter(p -> !p.fitted()).toList();
    if (!fitted.isEmpty()) {
      XYSeries s =
          chart.addSeries(
              withCi(fitted, "measured (fitted)"),
              fitted.stream().map(p -> (double) p.n()).toList(),
              fitted.stream().map(Point::y).toList(),
              errorBars(fitted));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(new Color(31, 119, 180));
    }
    if (!notFitted.isEmpty()) {
      XYSeries s =
          chart.addSeries(
              withCi(notFitted, "measured, not fitted (N = 1: English only)"),
              notFitted.stream().map(p -> (double) p.n()).toList(),
              notFitted.stream().map(Point::y).toList(),
              errorBars(notFitted));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setMarkerColor(new Color(214, 39, 40));
    }
    Point one = fit.points().stream().filter(p -> p.n() == 1).findFirst().orElse(null);
    if (one != null && fit.mgg() != null && hasLaw) {
      XYSeries gap =
          chart.addSeries(
              String.format(
                  Locale.ROOT, "Monolingual Generalization Gap f(1) - y(1) = %+.3f", fit.mgg()),
              List.of(1.0, 1.0),
              // a segment, not a curve: an f(1) beyond the plot is drawn to its edge
              List.of(
                  one.y(), Math.max(range[0], Math.min(range[1], fit.law(1, fit.a(), fit.b())))));
      gap.setMarker(SeriesMarkers.NONE);
      gap.setLineColor(new Color(214, 39, 40));
      gap.setLineWidth(3f);
    }
    return new Figure(
        "scaling-" + FileNames.safe(fit.series()),
        "Scaling law of series "
            + fit.series()
            + ": points, fitted law, CI band from the parameter CIs, N = 1 marked, MGG as the red segment at N = 1",
        w,
        h,
        g -> chart.paint(g, w, h));
  }

  private static String lawFormula(String form) {
    return switch (form) {
      case "saturating" -> "y = c - a·N^(-b)";
      case "log" -> "y = a + b·ln N";
      default -> "y = a·N^b";
    };
  }

  /**
   * The y range of the plot: what is measured (the points with their CI bars), 10 % padding each
   * side. Fitted curves and the parameter-CI band are drawn only inside it (and say so):
   * extrapolated to N = 1, or over the corners of a CI box, they can run orders of magnitude away
   * (a saturating fit over 3 points reached -2e11 at N = 1, a power law's band 39 beside points
   * near 0.05) and would flatten the measurements to a line.
   */
  static double[] plotRange(List<List<Double>> shown) {
    double mn = Double.POSITIVE_INFINITY;
    double mx = Double.NEGATIVE_INFINITY;
    for (List<Double> curve : shown) {
      for (double v : curve) {
        if (Double.isFinite(v)) {
          mn = Math.min(mn, v);
          mx = Math.max(mx, v);
        }
      }
    }
    if (mn > mx) {
      return new double[] {0, 1};
    }
    double pad = Math.max((mx - mn) * 0.1, 0.005);
    return new double[] {mn - pad, mx + pad};
  }

  /** A legend suffix when clipping changed a curve. */
  private static String clipNote(List<Double> raw, List<Double> shown) {
    return raw.equals(shown) ? "" : " (partly outside the plot)";
  }

  /**
   * {@code values} inside {@code [range[0], range[1]]}; those outside become NaN, which XChart
   * leaves out (the line stops at the plot's edge rather than running along it).
   */
  static List<Double> insidePlot(List<Double> values, double[] range) {
    return values.stream().map(v -> v >= range[0] && v <= range[1] ? v : Double.NaN).toList();
  }

  /** Symmetric error bars: the larger half-width of each point's CI (0 without a CI). */
  private static List<Double> errorBars(List<Point> points) {
    return points.stream()
        .map(
            p ->
                p.yCiLow() == null || p.yCiHigh() == null
                    ? 0.0
                    : Math.max(p.y() - p.yCiLow(), p.yCiHigh() - p.y()))
        .toList();
  }

  private static String withCi(List<Point> points, String name) {
    return points.stream().anyMatch(p -> p.yCiLow() != null)
        ? name + ", bars: bootstrap CI over problems and seeds"
        : name;
  }

  static Figure rates(String benchmark, List<MetricRow> rows, ReportFonts fonts) {
    TreeSet<String> langs = new TreeSet<>(ReportData.LANGUAGE_ORDER);
    Map<String, Map<String, MetricRow>> byLabel = new LinkedHashMap<>();
    for (MetricRow m : rows) {
      if (!"ALL".equals(m.lang()) && (m.offTargetRate() != null || m.truncatedRate() != null)) {
        langs.add(m.lang());
        byLabel.computeIfAbsent(m.rowLabel(), k -> new LinkedHashMap<>()).put(m.lang(), m);
      }
    }
    if (byLabel.isEmpty()) {
      return null;
    }
    int w = 980;
    int h = 300 + 40 * byLabel.size();
    List<String> cats = new ArrayList<>(langs);
    double top =
        Math.max(
            0.05,
            rows.stream()
                    .flatMap(m -> java.util.stream.Stream.of(m.offTargetRate(), m.truncatedRate()))
                    .filter(java.util.Objects::nonNull)
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(0)
                * 1.1);
    CategoryChart off = chart("Off-target reasoning rate — " + benchmark, w, h / 2, top, fonts);
    CategoryChart trunc = chart("Truncation rate — " + benchmark, w, h / 2, top, fonts);
    for (var e : byLabel.entrySet()) {
      List<Double> o = new ArrayList<>();
      List<Double> t = new ArrayList<>();
      for (String l : cats) {
        MetricRow m = e.getValue().get(l);
        o.add(m == null || m.offTargetRate() == null ? 0.0 : m.offTargetRate());
        t.add(m == null || m.truncatedRate() == null ? 0.0 : m.truncatedRate());
      }
      off.addSeries(e.getKey(), cats, o);
      trunc.addSeries(e.getKey(), cats, t);
    }
    return new Figure(
        "rates-" + FileNames.safe(benchmark),
        "Off-target reasoning rate (top) and truncation rate (bottom) per language on "
            + benchmark
            + "; a missing rate (no detected language, or no such language for the model) is drawn as 0 — see the table",
        w,
        h,
        g -> {
          off.paint(g, w, h / 2);
          g.translate(0, h / 2);
          trunc.paint(g, w, h - h / 2);
          g.translate(0, -(h / 2));
        });
  }

  private static CategoryChart chart(String title, int w, int h, double yMax, ReportFonts fonts) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(w)
            .height(h)
            .title(title)
            .xAxisTitle("language")
            .yAxisTitle("share of samples")
            .build();
    style(c.getStyler(), fonts);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(Math.min(1.0, yMax));
    c.getStyler().setYAxisDecimalPattern("0.00");
    return c;
  }
}
