package org.polyreason.jobs.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;

/**
 * Training-side sections of the report: accuracy and off-target rate per language across trainer
 * steps (metrics rows with a step, from imported verl rollouts), and per-language means of the
 * reward columns.
 */
final class StepCurves {
  private StepCurves() {}

  /** One metrics row of one step. */
  record StepRow(
      String model,
      String benchmark,
      String lang,
      String thinkLang,
      long step,
      double avg,
      Double offTarget) {}

  /** Per-language means of the rewards table: the group key and (column, mean) pairs. */
  record RewardMeans(List<String> header, List<List<String>> rows) {}

  static List<StepRow> steps(Warehouse wh) {
    if (!wh.exists(Tables.METRICS)) {
      return List.of();
    }
    Dataset<Row> m = wh.read(Tables.METRICS);
    if (!List.of(m.columns()).contains("step")) {
      return List.of();
    }
    List<StepRow> out = new ArrayList<>();
    for (Row r :
        m.filter(col("step").isNotNull().and(col("lang").notEqual("ALL")))
            .orderBy("model", "benchmark", "step", "lang")
            .collectAsList()) {
      out.add(
          new StepRow(
              r.getAs("model"),
              r.getAs("benchmark"),
              r.getAs("lang"),
              r.getAs("think_lang"),
              r.<Long>getAs("step"),
              r.<Double>getAs("avg_at_k"),
              r.getAs("off_target_rate")));
    }
    return out;
  }

  static RewardMeans rewards(Warehouse wh) {
    if (!wh.exists(Tables.REWARDS)) {
      return null;
    }
    Dataset<Row> r = wh.read(Tables.REWARDS);
    List<String> cols = new ArrayList<>(List.of("language_share"));
    for (String c : r.columns()) {
      if (c.startsWith("reward_")) {
        cols.add(c);
      }
    }
    List<Column> aggs = new ArrayList<>();
    for (String c : cols) {
      aggs.add(avg(col(c)).as(c));
    }
    aggs.add(avg(col("consistent").cast("double")).as("consistent"));
    cols.add("consistent");
    Dataset<Row> means =
        r.groupBy("model", "benchmark", "step", "lang")
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
            .orderBy("model", "benchmark", "step", "lang");
    List<String> header = new ArrayList<>(List.of("model", "benchmark", "step", "lang"));
    header.addAll(cols);
    List<List<String>> rows = new ArrayList<>();
    for (Row m : means.limit(2000).collectAsList()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  String.valueOf(m.get(0)),
                  String.valueOf(m.get(1)),
                  m.get(2) == null ? "–" : String.valueOf(m.get(2)),
                  String.valueOf(m.get(3))));
      for (String c : cols) {
        Object v = m.getAs(c);
        row.add(v == null ? "–" : String.format(Locale.ROOT, "%.3f", (Double) v));
      }
      rows.add(row);
    }
    return new RewardMeans(header, rows);
  }

  /**
   * One figure per (model, benchmark, think_lang): accuracy (top) and off-target rate (bottom) per
   * step.
   */
  static List<Figure> figures(List<StepRow> rows, ReportFonts fonts) {
    Map<String, List<StepRow>> groups = new LinkedHashMap<>();
    for (StepRow s : rows) {
      groups
          .computeIfAbsent(
              s.model() + "|" + s.benchmark() + "|" + s.thinkLang(), k -> new ArrayList<>())
          .add(s);
    }
    List<Figure> out = new ArrayList<>();
    for (List<StepRow> g : groups.values()) {
      StepRow first = g.get(0);
      String label =
          first.model()
              + " on "
              + first.benchmark()
              + (first.thinkLang() == null ? "" : " [think=" + first.thinkLang() + "]");
      int w = 860;
      int h = 720;
      XYChart acc = chart("Accuracy (avg@k) per step — " + label, "avg@k", w, h / 2, fonts);
      XYChart off =
          chart(
              "Off-target reasoning rate per step — " + label, "share of samples", w, h / 2, fonts);
      Map<String, TreeMap<Long, StepRow>> byLang = new TreeMap<>(ReportData.LANGUAGE_ORDER);
      for (StepRow s : g) {
        byLang.computeIfAbsent(s.lang(), k -> new TreeMap<>()).put(s.step(), s);
      }
      for (var e : byLang.entrySet()) {
        List<Double> xs = e.getValue().keySet().stream().map(Long::doubleValue).toList();
        acc.addSeries(e.getKey(), xs, e.getValue().values().stream().map(StepRow::avg).toList());
        off.addSeries(
            e.getKey(),
            xs,
            e.getValue().values().stream()
                .map(s -> s.offTarget() == null ? 0.0 : s.offTarget())
                .toList());
      }
      out.add(
          new Figure(
              "steps-"
                  + FileNames.safe(
                      first.model()
                          + "-"
                          + first.benchmark()
                          + (first.thinkLang() == null ? "" : "-" + first.thinkLang())),
              "Accuracy (top) and off-target reasoning rate (bottom) per language across trainer steps: "
                  + label
                  + " (a missing off-target rate is drawn as 0)",
              w,
              h,
              gr -> {
                acc.paint(gr, w, h / 2);
                gr.translate(0, h / 2);
                off.paint(gr, w, h - h / 2);
                gr.translate(0, -(h / 2));
              }));
    }
    return out;
  }

  private static XYChart chart(String title, String yTitle, int w, int h, ReportFonts fonts) {
    XYChart c =
        new XYChartBuilder()
            .width(w)
            .height(h)
            .title(title)
            .xAxisTitle("trainer step")
            .yAxisTitle(yTitle)
            .build();
    Charts.style(c.getStyler(), fonts);
    c.getStyler().setXAxisDecimalPattern("0");
    c.getStyler().setYAxisMin(0.0);
    return c;
  }
}
