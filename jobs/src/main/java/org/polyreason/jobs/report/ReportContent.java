package org.polyreason.jobs.report;

import static org.polyreason.jobs.report.Painters.f3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.polyreason.jobs.report.ReportData.MetricRow;
import org.polyreason.jobs.report.ReportData.PairedRow;
import org.polyreason.jobs.report.ReportData.TransferRow;

/** Lays out the report: sections, tables and figures from the collected tables. No IO, no Spark. */
final class ReportContent {
  private ReportContent() {}

  /** The document and its figures (in document order). */
  record Built(Doc doc, List<Figure> figures) {}

  static Built build(String title, String warehouse, ReportData data, ReportFonts fonts) {
    Doc doc = new Doc(title);
    List<Figure> figures = new ArrayList<>();
    doc.p(
        "Warehouse: "
            + warehouse
            + ". Tables: metrics "
            + present(data.metrics())
            + ", paired "
            + present(data.paired())
            + ", transfer "
            + present(data.transfer())
            + ", scaling_fits "
            + present(data.fits())
            + ".");

    doc.h(2, "Accuracy");
    if (data.metrics() == null || data.metrics().isEmpty()) {
      doc.p("No metrics table in the warehouse: run aggregate (or import-metrics) first.");
    } else {
      for (var e : byBenchmark(data.metrics()).entrySet()) {
        doc.h(3, "Benchmark " + e.getKey());
        accuracyTable(doc, e.getValue());
        addFigure(doc, figures, Painters.heatMap(e.getKey(), e.getValue(), fonts));
      }
    }

    if (data.steps() != null && !data.steps().isEmpty()) {
      doc.h(2, "Training steps");
      doc.p("Metrics of imported trainer rollouts (verl), per language and step.");
      for (Figure f : StepCurves.figures(data.steps(), fonts)) {
        addFigure(doc, figures, f);
      }
    }
    if (data.rewards() != null) {
      doc.h(2, "Rewards");
      doc.p(
          "Means of the reward components and formulas of the rewards table per model, benchmark, step "
              + "and language (see README, \"Training with verl\").");
      doc.table(data.rewards().header(), data.rewards().rows());
    }

    doc.h(2, "Paired comparison with the reference language");
    if (data.paired() == null || data.paired().isEmpty()) {
      doc.p("No paired table in the warehouse: aggregate writes it from per-sample scores.");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (PairedRow p : data.paired()) {
        rows.add(
            List.of(
                p.model(),
                p.benchmark(),
                nz(p.thinkLang()),
                p.referenceLang() + " → " + p.lang(),
                str(p.nProblems()),
                str(p.bothCorrect()),
                str(p.onlyReference()),
                str(p.onlyTarget()),
                str(p.neither()),
                fp(p.mcnemarP())));
      }
      doc.table(
          List.of(
              "model",
              "benchmark",
              "think_lang",
              "reference → lang",
              "problems",
              "both correct",
              "only reference",
              "only target",
              "neither",
              "McNemar p"),
          rows);
    }

    doc.h(2, "Multilingual Transferability Index (MTI)");
    if (data.transfer() == null || data.transfer().isEmpty()) {
      doc.p("No transfer table in the warehouse: run transfer with polyreason.transfer.pairs.");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (TransferRow t : data.transfer()) {
        rows.add(
            List.of(
                t.model(),
                t.baseModel(),
                t.benchmark(),
                String.join(",", t.trainLangs()),
                t.mode(),
                f3(t.mti()),
                ci(t.mtiCiLow(), t.mtiCiHigh()),
                nz(t.mtiNullReason()),
                f3(t.meanGainTrain()),
                f3(t.meanGainUnseen()),
                f3(t.gapChange()),
                t.gain().entrySet().stream()
                    .map(g -> g.getKey() + " " + String.format(Locale.ROOT, "%+.3f", g.getValue()))
                    .collect(Collectors.joining(", ")),
                t.source()));
      }
      doc.table(
          List.of(
              "model",
              "base",
              "benchmark",
              "train langs",
              "mode",
              "MTI",
              "MTI CI",
              "MTI null reason",
              "mean Δ train",
              "mean Δ unseen",
              "gap change",
              "Δ per language",
              "source"),
          rows);
      addFigure(doc, figures, Painters.mti(data.transfer(), fonts));
    }

    doc.h(2, "Parallel scaling law");
    if (data.fits() == null || data.fits().isEmpty()) {
      doc.p(
          "No scaling_fits table in the warehouse: run scaling-law with polyreason.scaling-law.series.");
    } else {
      ScalingSection.add(doc, data.fits(), data.metrics(), data.transfer(), data.probes(), fonts)
          .forEach(figures::add);
    }

    doc.h(2, "Off-target reasoning and truncation");
    if (data.metrics() == null || data.metrics().isEmpty()) {
      doc.p("No metrics table in the warehouse.");
    } else {
      for (var e : byBenchmark(data.metrics()).entrySet()) {
        List<List<String>> rows = new ArrayList<>();
        for (MetricRow m : e.getValue()) {
          if (!"ALL".equals(m.lang())) {
            rows.add(
                List.of(
                    m.rowLabel(),
                    m.lang(),
                    f3(m.offTargetRate()),
                    f3(m.truncatedRate()),
                    f3(m.noAnswerRate()),
                    m.meanTokens() == null
                        ? "–"
                        : String.format(Locale.ROOT, "%.0f", m.meanTokens())));
          }
        }
        doc.h(3, "Benchmark " + e.getKey());
        doc.table(
            List.of(
                "model",
                "lang",
                "off-target rate",
                "truncated rate",
                "no-answer rate",
                "mean completion tokens"),
            rows);
        Figure f = Charts.rates(e.getKey(), e.getValue(), fonts);
        if (f == null) {
          doc.p(
              "No rates: every row of "
                  + e.getKey()
                  + " comes from published accuracies (import-metrics).");
        } else {
          addFigure(doc, figures, f);
        }
      }
    }

    doc.h(2, "Definitions");
    doc.definitions(Definitions.ITEMS);
    return new Built(doc, figures);
  }

  private static void accuracyTable(Doc doc, List<MetricRow> rows) {
    TreeSet<String> langs = new TreeSet<>(ReportData.LANGUAGE_ORDER);
    Map<String, Map<String, MetricRow>> grid = new LinkedHashMap<>();
    for (MetricRow m : rows) {
      langs.add(m.lang());
      grid.computeIfAbsent(m.rowLabel(), k -> new LinkedHashMap<>()).put(m.lang(), m);
    }
    List<String> header = new ArrayList<>(List.of("model", "k"));
    header.addAll(langs);
    List<List<String>> out = new ArrayList<>();
    for (var e : grid.entrySet()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  e.getKey(),
                  e.getValue().values().stream()
                      .map(MetricRow::k)
                      .filter(java.util.Objects::nonNull)
                      .map(String::valueOf)
                      .distinct()
                      .collect(Collectors.joining("/"))));
      for (String l : langs) {
        MetricRow m = e.getValue().get(l);
        row.add(
            m == null
                ? ""
                : f3(m.avg()) + (m.ciLow() == null ? "" : " " + ci(m.ciLow(), m.ciHigh())));
      }
      out.add(row);
    }
    doc.p(
        "avg@k per model and language; brackets: the bootstrap CI (Wilson for published rows). ALL = mean over the "
            + "languages of the row; not shown when the reasoning language was forced to the question language, where "
            + "every language is its own group.");
    doc.table(header, out);
  }

  private static Map<String, List<MetricRow>> byBenchmark(List<MetricRow> rows) {
    Map<String, List<MetricRow>> out = new LinkedHashMap<>();
    rows.forEach(m -> out.computeIfAbsent(m.benchmark(), k -> new ArrayList<>()).add(m));
    return out;
  }

  static void addFigure(Doc doc, List<Figure> figures, Figure f) {
    figures.add(f);
    doc.figure(f, f.png());
  }

  private static String present(List<?> rows) {
    return rows == null ? "missing" : rows.size() + " rows";
  }

  static String ci(Double lo, Double hi) {
    return lo == null || hi == null ? "–" : "[" + f3(lo) + ", " + f3(hi) + "]";
  }

  private static String fp(Double p) {
    return p == null ? "–" : String.format(Locale.ROOT, "%.3g", p);
  }

  static String str(Object o) {
    return o == null ? "–" : o.toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
