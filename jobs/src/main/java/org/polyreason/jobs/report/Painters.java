package org.polyreason.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polyreason.jobs.report.ReportData.MetricRow;
import org.polyreason.jobs.report.ReportData.TransferRow;

/**
 * Hand-drawn figures where XChart falls short: the accuracy heat map with a CI in every cell
 * (XChart's heat map shows one number) and the MTI chart with asymmetric CI whiskers and null MTIs
 * shown with their reason. Each label gets a font that can display it ({@link
 * ReportFonts#fontFor}).
 */
final class Painters {
  private static final Graphics2D MEASURE =
      new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
  private static final Color LOW = new Color(247, 251, 255);
  private static final Color HIGH = new Color(8, 48, 107);
  private static final Color INK = new Color(33, 33, 33);

  private Painters() {}

  static int width(Font f, String s) {
    return MEASURE.getFontMetrics(f).stringWidth(s);
  }

  /**
   * Draws text in the first font that displays it; a label no font displays is drawn as {@code
   * fallback}.
   */
  static void text(
      Graphics2D g,
      ReportFonts fonts,
      String s,
      String fallback,
      int style,
      float size,
      int x,
      int y) {
    Font f = fonts.fontFor(s, style, size);
    if (f == null) {
      f = fonts.base(style, size);
      s = fallback;
    }
    g.setFont(f);
    g.drawString(s, x, y);
  }

  static Color ramp(double v) {
    double t = Math.max(0, Math.min(1, v));
    return new Color(
        (int) Math.round(LOW.getRed() + t * (HIGH.getRed() - LOW.getRed())),
        (int) Math.round(LOW.getGreen() + t * (HIGH.getGreen() - LOW.getGreen())),
        (int) Math.round(LOW.getBlue() + t * (HIGH.getBlue() - LOW.getBlue())));
  }

  static String f3(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String f2(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  /**
   * Accuracy heat map of one benchmark: rows = model labels, columns = languages, avg@k and its CI
   * per cell.
   */
  static Figure heatMap(String benchmark, List<MetricRow> rows, ReportFonts fonts) {
    Map<String, Map<String, MetricRow>> grid = new LinkedHashMap<>();
    List<String> langs = new ArrayList<>();
    for (MetricRow m : rows) {
      grid.computeIfAbsent(m.rowLabel(), k -> new LinkedHashMap<>()).put(m.lang(), m);
      if (!langs.contains(m.lang())) {
        langs.add(m.lang());
      }
    }
    langs.sort(java.util.Comparator.comparing(ReportData::langOrder));
    List<String> labels = new ArrayList<>(grid.keySet());
    Font labelFont = fonts.base(Font.PLAIN, 13f);
    int left = 20 + labels.stream().mapToInt(l -> width(labelFont, l)).max().orElse(60) + 12;
    int cellW = 96;
    int cellH = 44;
    int top = 80;
    int w = left + langs.size() * cellW + 110;
    int h = top + labels.size() * cellH + 50;
    return new Figure(
        "accuracy-heatmap-" + FileNames.safe(benchmark),
        "Accuracy (avg@k) on "
            + benchmark
            + ", model × language; bracket: CI (bootstrap over problems; Wilson for published rows)",
        w,
        h,
        g -> {
          g.setColor(INK);
          g.setFont(fonts.base(Font.BOLD, 16f));
          g.drawString("Accuracy (avg@k) — " + benchmark, 20, 30);
          for (int j = 0; j < langs.size(); j++) {
            String code = langs.get(j);
            String label = code.equals("ALL") ? "ALL (mean)" : fonts.languageLabel(code);
            g.setColor(INK);
            text(g, fonts, label, code, Font.BOLD, 12f, left + j * cellW + 6, top - 12);
          }
          for (int i = 0; i < labels.size(); i++) {
            int y = top + i * cellH;
            g.setColor(INK);
            g.setFont(labelFont);
            g.drawString(labels.get(i), 20, y + cellH / 2 + 5);
            for (int j = 0; j < langs.size(); j++) {
              int x = left + j * cellW;
              MetricRow m = grid.get(labels.get(i)).get(langs.get(j));
              g.setColor(m == null ? new Color(230, 230, 230) : ramp(m.avg()));
              g.fillRect(x, y, cellW - 2, cellH - 2);
              if (m != null) {
                g.setColor(m.avg() > 0.55 ? Color.WHITE : INK);
                g.setFont(fonts.base(Font.BOLD, 13f));
                g.drawString(f3(m.avg()), x + 6, y + 18);
                g.setFont(fonts.base(Font.PLAIN, 10f));
                g.drawString(
                    m.ciLow() == null ? "no CI" : "[" + f3(m.ciLow()) + ", " + f3(m.ciHigh()) + "]",
                    x + 6,
                    y + 34);
              }
            }
          }
          int bx = left + langs.size() * cellW + 24;
          int bh = Math.max(80, labels.size() * cellH);
          for (int k = 0; k < bh; k++) {
            g.setColor(ramp(1.0 - (double) k / bh));
            g.fillRect(bx, top + k, 18, 1);
          }
          g.setColor(INK);
          g.setFont(fonts.base(Font.PLAIN, 11f));
          g.drawString("1.0", bx + 24, top + 10);
          g.drawString("0.0", bx + 24, top + bh);
        });
  }

  /** MTI per pair with its CI as a whisker; a null MTI is drawn as its reason. */
  static Figure mti(List<TransferRow> rows, ReportFonts fonts) {
    Font labelFont = fonts.base(Font.PLAIN, 13f);
    int left = 20 + rows.stream().mapToInt(r -> width(labelFont, r.label())).max().orElse(80) + 16;
    int plotW = 520;
    int rowH = 36;
    int top = 60;
    int w = left + plotW + 40;
    int h = top + rows.size() * rowH + 60;
    double lo = 0;
    double hi = 1;
    for (TransferRow r : rows) {
      for (Double v : new Double[] {r.mti(), r.mtiCiLow(), r.mtiCiHigh()}) {
        if (v != null && Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    double pad = (hi - lo) * 0.05;
    double min = lo - pad;
    double max = hi + pad;
    java.util.function.DoubleToIntFunction xOf =
        v -> left + (int) Math.round((v - min) / (max - min) * plotW);
    return new Figure(
        "mti",
        "MTI = mean Δ over unseen languages ÷ mean Δ over training languages; whiskers: paired-bootstrap CI; null MTI shown with its reason",
        w,
        h,
        g -> {
          g.setColor(INK);
          g.setFont(fonts.base(Font.BOLD, 16f));
          g.drawString("Multilingual Transferability Index (MTI)", 20, 30);
          int bottom = top + rows.size() * rowH;
          g.setFont(fonts.base(Font.PLAIN, 11f));
          for (double ref : new double[] {0, 1}) {
            int x = xOf.applyAsInt(ref);
            g.setColor(new Color(170, 170, 170));
            g.setStroke(
                new BasicStroke(
                    1f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {4f, 4f},
                    0f));
            g.drawLine(x, top - 6, x, bottom);
            g.setColor(INK);
            g.drawString(ref == 0 ? "0 (no transfer)" : "1 (full transfer)", x - 20, bottom + 18);
          }
          g.setStroke(new BasicStroke(1f));
          g.drawLine(left, bottom, left + plotW, bottom);
          g.drawString(f2(min), left, bottom + 36);
          g.drawString(f2(max), left + plotW - 30, bottom + 36);
          for (int i = 0; i < rows.size(); i++) {
            TransferRow r = rows.get(i);
            int y = top + i * rowH + rowH / 2;
            g.setColor(INK);
            g.setFont(labelFont);
            g.drawString(r.label(), 20, y + 5);
            if (r.mti() == null) {
              g.setColor(new Color(150, 40, 40));
              g.setFont(fonts.base(Font.ITALIC, 12f));
              String reason =
                  "MTI null: "
                      + (r.mtiNullReason() == null ? "no reason recorded" : r.mtiNullReason());
              g.drawString(
                  reason.length() > 90 ? reason.substring(0, 87) + "…" : reason, left + 4, y + 5);
              continue;
            }
            g.setColor(new Color(31, 119, 180));
            g.setStroke(new BasicStroke(2f));
            if (r.mtiCiLow() != null && r.mtiCiHigh() != null) {
              int x1 = xOf.applyAsInt(r.mtiCiLow());
              int x2 = xOf.applyAsInt(r.mtiCiHigh());
              g.drawLine(x1, y, x2, y);
              g.drawLine(x1, y - 6, x1, y + 6);
              g.drawLine(x2, y - 6, x2, y + 6);
            }
            int x = xOf.applyAsInt(r.mti());
            g.fillOval(x - 5, y - 5, 10, 10);
            g.setStroke(new BasicStroke(1f));
            g.setColor(INK);
            g.setFont(fonts.base(Font.PLAIN, 11f));
            g.drawString(f3(r.mti()), x + 8, y - 6);
          }
        });
  }
}
