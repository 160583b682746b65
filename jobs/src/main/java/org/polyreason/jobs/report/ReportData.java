package org.polyreason.jobs.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;

/**
 * The aggregated tables the report shows, collected to the driver. They are small by construction
 * (one row per model × benchmark × language, per pair, per series); every list is sorted, so the
 * report does not depend on Parquet file order. A null list means the table does not exist.
 */
public record ReportData(
    List<MetricRow> metrics,
    List<PairedRow> paired,
    List<TransferRow> transfer,
    List<FitRow> fits,
    List<StepCurves.StepRow> steps,
    StepCurves.RewardMeans rewards,
    List<ProbeRow> probes) {

  /**
   * One translation_probes row: how often model {@code model} (its base {@code baseModel}, null for
   * a pretrained base) preferred the true English statement after a question in {@code lang}.
   */
  public record ProbeRow(
      String model, String baseModel, String lang, String probe, int items, int preferred) {
    public double share() {
      return items == 0 ? Double.NaN : preferred / (double) items;
    }
  }

  public record MetricRow(
      String model,
      String benchmark,
      String lang,
      String thinkLang,
      String source,
      Integer nProblems,
      Integer k,
      double avg,
      Double ciLow,
      Double ciHigh,
      Double majAtK,
      Double noAnswerRate,
      Double truncatedRate,
      Double offTargetRate,
      Double meanTokens,
      FirstStepRates firstStep,
      boolean fixedThink) {
    /**
     * Heat-map / table row label: model, the forced reasoning language if any, and published rows
     * marked. A row whose forced language equals its question language is "question lang" only when
     * the model was forced to each question's own language; when it was forced to one fixed
     * language (e.g. en for every question, {@code fixedThink}), the English row keeps "[think=en]"
     * and stays in that row.
     */
    public String rowLabel() {
      String think =
          thinkLang == null
              ? ""
              : thinkLang.equals(lang) && !fixedThink
                  ? " [think=question lang]"
                  : " [think=" + thinkLang + "]";
      return model + think + ("external".equals(source) ? " (published)" : "");
    }
  }

  /**
   * Shares of a language's answers whose first equation has the reference's operands, its operator,
   * and a right result (metrics.first_step_*_rate).
   */
  public record FirstStepRates(double operands, double operator, double arithmetic) {
    /** The rates, or null when the metrics row has none (no worked reference). */
    static FirstStepRates of(Double operands, Double operator, Double arithmetic) {
      return operands == null || operator == null || arithmetic == null
          ? null
          : new FirstStepRates(operands, operator, arithmetic);
    }
  }

  public record PairedRow(
      String model,
      String benchmark,
      String thinkLang,
      String lang,
      String referenceLang,
      Integer nProblems,
      Long bothCorrect,
      Long onlyReference,
      Long onlyTarget,
      Long neither,
      Double mcnemarP) {}

  public record TransferRow(
      String model,
      String baseModel,
      String benchmark,
      List<String> trainLangs,
      List<String> evalLangs,
      String mode,
      Double mti,
      Double mtiCiLow,
      Double mtiCiHigh,
      String mtiNullReason,
      Double meanGainTrain,
      Double meanGainUnseen,
      Double gapChange,
      Map<String, Double> gain,
      Integer nProblems,
      String source) {
    public String label() {
      return model + " vs " + baseModel + " (" + benchmark + ")";
    }
  }

  /** y of one language at one N (mean over the N's models) with its bootstrap CI (nullable). */
  public record LangY(String lang, double y, Double ciLow, Double ciHigh) {}

  /**
   * A point of a series: N, its first model, y (mean over its models), the law's value, whether it
   * was fitted, all its models (seeds), y's CI and y per language (nullable).
   */
  public record Point(
      int n,
      String model,
      double y,
      Double yFit,
      boolean fitted,
      List<String> models,
      Double yCiLow,
      Double yCiHigh,
      List<LangY> languages) {}

  public record FitRow(
      String series,
      String benchmark,
      String metric,
      String form,
      int fitFrom,
      int nPoints,
      Double a,
      Double b,
      Double c,
      Double seA,
      Double seB,
      Double aCiLow,
      Double aCiHigh,
      Double bCiLow,
      Double bCiHigh,
      Double r2,
      Double rmse,
      Double looError,
      Double leap,
      Double leapCiLow,
      Double leapCiHigh,
      Double leapRatio,
      Double mgg,
      Integer ciProblems,
      List<Point> points,
      String fitNullReason) {
    /** The models behind the series' points (every seed of every N), in the points' order. */
    public Set<String> models() {
      Set<String> out = new LinkedHashSet<>();
      points.forEach(p -> out.addAll(p.models()));
      return out;
    }

    /** The fitted law at n, with parameters a, b (and c for the saturating form). */
    public double law(double n, double pa, double pb) {
      if ("log".equals(form)) {
        return pa + pb * Math.log(n);
      }
      return "saturating".equals(form) && c != null
          ? c - pa * Math.pow(n, -pb)
          : pa * Math.pow(n, pb);
    }
  }

  /** Collects whichever of metrics, paired, transfer, scaling_fits and translation_probes exist. */
  public static ReportData load(Warehouse wh) {
    return new ReportData(
        wh.exists(Tables.METRICS)
            ? metrics(withoutSteps(wh.read(Tables.METRICS)).collectAsList())
            : null,
        wh.exists(Tables.PAIRED) ? paired(wh.read(Tables.PAIRED).collectAsList()) : null,
        wh.exists(Tables.TRANSFER) ? transfer(wh.read(Tables.TRANSFER).collectAsList()) : null,
        wh.exists(Tables.SCALING_FITS) ? fits(wh.read(Tables.SCALING_FITS).collectAsList()) : null,
        StepCurves.steps(wh),
        StepCurves.rewards(wh),
        wh.exists(Tables.TRANSLATION_PROBES)
            ? probes(wh.read(Tables.TRANSLATION_PROBES).collectAsList())
            : null);
  }

  static List<ProbeRow> probes(List<Row> rows) {
    List<ProbeRow> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new ProbeRow(
              str(r, "model_id"),
              str(r, "base_model"),
              str(r, "lang"),
              str(r, "probe"),
              integer(r, "items"),
              integer(r, "preferred")));
    }
    out.sort(
        Comparator.comparing(ProbeRow::model)
            .thenComparing(ProbeRow::lang, LANGUAGE_ORDER)
            .thenComparing(ProbeRow::probe));
    return out;
  }

  /**
   * Metrics of trainer steps (imported rollouts) are drawn as curves, not in the per-model tables.
   */
  private static org.apache.spark.sql.Dataset<Row> withoutSteps(
      org.apache.spark.sql.Dataset<Row> m) {
    return List.of(m.columns()).contains("step") ? m.filter("step is null") : m;
  }

  static List<MetricRow> metrics(List<Row> rows) {
    List<MetricRow> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new MetricRow(
              str(r, "model"),
              str(r, "benchmark"),
              str(r, "lang"),
              str(r, "think_lang"),
              str(r, "source"),
              integer(r, "n_problems"),
              integer(r, "k"),
              dbl(r, "avg_at_k"),
              dbl(r, "ci_low"),
              dbl(r, "ci_high"),
              dbl(r, "maj_at_k"),
              dbl(r, "no_answer_rate"),
              dbl(r, "truncated_rate"),
              dbl(r, "off_target_rate"),
              dbl(r, "mean_completion_tokens"),
              FirstStepRates.of(
                  dbl(r, "first_step_operands_rate"),
                  dbl(r, "first_step_operator_rate"),
                  dbl(r, "first_step_arithmetic_rate")),
              false));
    }
    // (model, benchmark, source, think_lang) groups forced to one fixed language: some row's
    // question language differs from the forced one
    Set<String> fixed = new HashSet<>();
    for (MetricRow m : out) {
      if (m.thinkLang() != null && !"ALL".equals(m.lang()) && !m.thinkLang().equals(m.lang())) {
        fixed.add(
            m.model()
                + "\u0000"
                + m.benchmark()
                + "\u0000"
                + m.source()
                + "\u0000"
                + m.thinkLang());
      }
    }
    out.replaceAll(
        m ->
            m.thinkLang() == null
                    || !fixed.contains(
                        m.model()
                            + "\u0000"
                            + m.benchmark()
                            + "\u0000"
                            + m.source()
                            + "\u0000"
                            + m.thinkLang())
                ? m
                : new MetricRow(
                    m.model(),
                    m.benchmark(),
                    m.lang(),
                    m.thinkLang(),
                    m.source(),
                    m.nProblems(),
                    m.k(),
                    m.avg(),
                    m.ciLow(),
                    m.ciHigh(),
                    m.majAtK(),
                    m.noAnswerRate(),
                    m.truncatedRate(),
                    m.offTargetRate(),
                    m.meanTokens(),
                    m.firstStep(),
                    true));
    out.removeIf(m -> degenerateAll(m, out));
    out.sort(
        Comparator.comparing(MetricRow::benchmark)
            .thenComparing(MetricRow::rowLabel)
            .thenComparing(m -> langOrder(m.lang())));
    return out;
  }

  /**
   * aggregate groups by think_lang, so with reasoning forced to the question language every
   * language is its own group and its ALL row is that one language again (labelled by its
   * think_lang): not a mean over languages, so the report leaves it out.
   */
  private static boolean degenerateAll(MetricRow m, List<MetricRow> rows) {
    if (!"ALL".equals(m.lang()) || m.thinkLang() == null) {
      return false;
    }
    List<MetricRow> group =
        rows.stream()
            .filter(
                o ->
                    !"ALL".equals(o.lang())
                        && o.model().equals(m.model())
                        && o.benchmark().equals(m.benchmark())
                        && m.thinkLang().equals(o.thinkLang())
                        && o.source().equals(m.source()))
            .toList();
    return group.size() == 1 && group.get(0).lang().equals(m.thinkLang());
  }

  static List<PairedRow> paired(List<Row> rows) {
    List<PairedRow> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new PairedRow(
              str(r, "model"),
              str(r, "benchmark"),
              str(r, "think_lang"),
              str(r, "lang"),
              str(r, "reference_lang"),
              integer(r, "n_problems"),
              lng(r, "both_correct"),
              lng(r, "only_reference"),
              lng(r, "only_target"),
              lng(r, "neither"),
              dbl(r, "mcnemar_p")));
    }
    out.sort(
        Comparator.comparing(PairedRow::benchmark)
            .thenComparing(PairedRow::model)
            .thenComparing(p -> String.valueOf(p.thinkLang()))
            .thenComparing(p -> langOrder(p.lang())));
    return out;
  }

  static List<TransferRow> transfer(List<Row> rows) {
    List<TransferRow> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Double> gain =
          r.isNullAt(r.fieldIndex("gain"))
              ? Map.of()
              : new TreeMap<>(r.<String, Double>getJavaMap(r.fieldIndex("gain")));
      out.add(
          new TransferRow(
              str(r, "model"),
              str(r, "base_model"),
              str(r, "benchmark"),
              strings(r, "train_langs"),
              strings(r, "eval_langs"),
              str(r, "mode"),
              dbl(r, "mti"),
              dbl(r, "mti_ci_low"),
              dbl(r, "mti_ci_high"),
              str(r, "mti_null_reason"),
              dbl(r, "mean_gain_train"),
              dbl(r, "mean_gain_unseen"),
              dbl(r, "gap_change"),
              gain,
              integer(r, "n_problems"),
              str(r, "source")));
    }
    out.sort(
        Comparator.comparing(TransferRow::benchmark)
            .thenComparing(TransferRow::model)
            .thenComparing(TransferRow::baseModel));
    return out;
  }

  static List<FitRow> fits(List<Row> rows) {
    List<FitRow> out = new ArrayList<>();
    for (Row r : rows) {
      List<Point> points = new ArrayList<>();
      for (Row p : r.<Row>getList(r.fieldIndex("points"))) {
        List<LangY> langs = null;
        if (!p.isNullAt(p.fieldIndex("languages"))) {
          langs = new ArrayList<>();
          for (Row l : p.<Row>getList(p.fieldIndex("languages"))) {
            langs.add(new LangY(str(l, "lang"), dbl(l, "y"), dbl(l, "ci_low"), dbl(l, "ci_high")));
          }
        }
        points.add(
            new Point(
                p.getInt(p.fieldIndex("n")),
                p.getString(p.fieldIndex("model")),
                p.getDouble(p.fieldIndex("y")),
                dbl(p, "y_fit"),
                p.getBoolean(p.fieldIndex("fitted")),
                List.copyOf(p.<String>getList(p.fieldIndex("models"))),
                dbl(p, "y_ci_low"),
                dbl(p, "y_ci_high"),
                langs));
      }
      points.sort(Comparator.comparingInt(Point::n));
      out.add(
          new FitRow(
              str(r, "series"),
              str(r, "benchmark"),
              str(r, "metric"),
              str(r, "form"),
              integer(r, "fit_from"),
              integer(r, "n_points"),
              dbl(r, "a"),
              dbl(r, "b"),
              dbl(r, "c"),
              dbl(r, "se_a"),
              dbl(r, "se_b"),
              dbl(r, "a_ci_low"),
              dbl(r, "a_ci_high"),
              dbl(r, "b_ci_low"),
              dbl(r, "b_ci_high"),
              dbl(r, "r2"),
              dbl(r, "rmse"),
              dbl(r, "loo_error"),
              dbl(r, "first_parallel_leap"),
              dbl(r, "first_parallel_leap_ci_low"),
              dbl(r, "first_parallel_leap_ci_high"),
              dbl(r, "leap_ratio"),
              dbl(r, "mgg"),
              integer(r, "ci_problems"),
              List.copyOf(points),
              str(r, "fit_null_reason")));
    }
    out.sort(Comparator.comparing(FitRow::series).thenComparing(FitRow::benchmark));
    return out;
  }

  /** Column order of languages: English first, the ALL mean last, the rest alphabetical. */
  static final Comparator<String> LANGUAGE_ORDER = Comparator.comparing(ReportData::langOrder);

  /** The sort key of {@link #LANGUAGE_ORDER}. */
  static String langOrder(String lang) {
    return switch (lang) {
      case "en" -> "0";
      case "ALL" -> "2";
      default -> "1" + lang;
    };
  }

  private static boolean absent(Row r, String col) {
    return !Arrays.asList(r.schema().fieldNames()).contains(col) || r.isNullAt(r.fieldIndex(col));
  }

  static String str(Row r, String col) {
    return absent(r, col) ? null : String.valueOf(r.get(r.fieldIndex(col)));
  }

  static Double dbl(Row r, String col) {
    return absent(r, col) ? null : ((Number) r.get(r.fieldIndex(col))).doubleValue();
  }

  static Integer integer(Row r, String col) {
    return absent(r, col) ? null : ((Number) r.get(r.fieldIndex(col))).intValue();
  }

  static Long lng(Row r, String col) {
    return absent(r, col) ? null : ((Number) r.get(r.fieldIndex(col))).longValue();
  }

  static List<String> strings(Row r, String col) {
    return absent(r, col) ? List.of() : List.copyOf(r.<String>getList(r.fieldIndex(col)));
  }
}
