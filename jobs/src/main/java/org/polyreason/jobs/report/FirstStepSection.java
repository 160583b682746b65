package org.polyreason.jobs.report;

import static org.polyreason.jobs.report.Painters.f3;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.polyreason.jobs.report.ReportData.FirstStepRates;
import org.polyreason.jobs.report.ReportData.FitRow;
import org.polyreason.jobs.report.ReportData.MetricRow;
import org.polyreason.jobs.report.ReportData.Point;
import org.polyreason.jobs.report.ReportData.TransferRow;

/**
 * Where a series' answers go wrong, for benchmarks with worked answers (the synthetic one): per N
 * and language, the shares of answers whose first equation has the question's operands, its
 * operator, and a right result (metrics.first_step_*_rate, mean over the N's models), then the
 * operands and operator rates in each model's own post-training languages (transfer.train_langs)
 * against the languages no model of the series was post-trained on.
 */
final class FirstStepSection {
  private FirstStepSection() {}

  /** Adds the table and its reading for series {@code f}; nothing when it has no rates. */
  static void add(Doc doc, FitRow f, List<MetricRow> metrics, List<TransferRow> transfer) {
    Map<String, Map<String, FirstStepRates>> byModel = rates(f, metrics);
    if (byModel.isEmpty()) {
      return;
    }
    TreeSet<String> langs = new TreeSet<>(ReportData.LANGUAGE_ORDER);
    byModel.values().forEach(m -> langs.addAll(m.keySet()));
    doc.p(
        "First step of the answers per language and N (mean over the N's models): the shares whose"
            + " first equation has the question's operands / its operator / a right result for its"
            + " own left side (reading the numbers / reading the operation / computing).");
    ScalingSection.byNAndLanguage(doc, f, langs, (p, l) -> cell(p, l, byModel));
    String reading = reading(f, byModel, trainLanguages(transfer), langs);
    if (!reading.isEmpty()) {
      doc.p(reading);
    }
  }

  /**
   * The mean over the point's models of each rate in {@code lang}: "operands / operator / arith".
   */
  private static String cell(
      Point p, String lang, Map<String, Map<String, FirstStepRates>> byModel) {
    List<FirstStepRates> r = new ArrayList<>();
    for (String model : p.models()) {
      FirstStepRates x = byModel.getOrDefault(model, Map.of()).get(lang);
      if (x != null) {
        r.add(x);
      }
    }
    return r.isEmpty()
        ? "–"
        : f3(mean(r, FirstStepRates::operands))
            + " / "
            + f3(mean(r, FirstStepRates::operator))
            + " / "
            + f3(mean(r, FirstStepRates::arithmetic));
  }

  /** model → lang → rates of the series' models on its benchmark (reasoning not forced). */
  private static Map<String, Map<String, FirstStepRates>> rates(FitRow f, List<MetricRow> metrics) {
    Set<String> models = f.models();
    Map<String, Map<String, FirstStepRates>> out = new LinkedHashMap<>();
    if (metrics == null) {
      return out;
    }
    for (MetricRow m : metrics) {
      if (m.firstStep() != null
          && models.contains(m.model())
          && m.benchmark().equals(f.benchmark())
          && m.thinkLang() == null
          && !"ALL".equals(m.lang())
          && !"external".equals(m.source())) {
        out.computeIfAbsent(m.model(), k -> new LinkedHashMap<>()).put(m.lang(), m.firstStep());
      }
    }
    return out;
  }

  /** model → its post-training languages, from its transfer rows. */
  private static Map<String, List<String>> trainLanguages(List<TransferRow> transfer) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (transfer != null) {
      transfer.forEach(t -> out.putIfAbsent(t.model(), t.trainLangs()));
    }
    return out;
  }

  /**
   * Operands and operator rates in the models' own training languages against the held-out ones, at
   * each N; empty when a model's training languages are unknown or nothing is held out.
   */
  static String reading(
      FitRow f,
      Map<String, Map<String, FirstStepRates>> byModel,
      Map<String, List<String>> trainLangs,
      Set<String> langs) {
    Set<String> heldOut = new LinkedHashSet<>(langs);
    for (String model : byModel.keySet()) {
      List<String> t = trainLangs.get(model);
      if (t == null) {
        return "";
      }
      heldOut.removeAll(t);
    }
    List<Point> points = f.points();
    if (heldOut.isEmpty() || points.isEmpty()) {
      return "";
    }
    List<String> trainedParts = new ArrayList<>();
    List<String> heldParts = new ArrayList<>();
    DoubleSummaryStatistics ownOperator = new DoubleSummaryStatistics();
    List<Double> heldOperator = new ArrayList<>();
    for (Point p : points) {
      List<FirstStepRates> own = new ArrayList<>();
      List<FirstStepRates> held = new ArrayList<>();
      for (String model : p.models()) {
        Map<String, FirstStepRates> r = byModel.getOrDefault(model, Map.of());
        // a model of the point without rates (not generated on this benchmark) adds nothing
        for (String l : trainLangs.getOrDefault(model, List.of())) {
          if (r.containsKey(l)) {
            own.add(r.get(l));
          }
        }
        heldOut.stream().filter(r::containsKey).forEach(l -> held.add(r.get(l)));
      }
      if (own.isEmpty() || held.isEmpty()) {
        return "";
      }
      trainedParts.add(pair(p.n(), own));
      heldParts.add(pair(p.n(), held));
      ownOperator.accept(mean(own, FirstStepRates::operator));
      heldOperator.add(mean(held, FirstStepRates::operator));
    }
    return "First equations, operands / operator right: in each model's own post-training"
        + " languages "
        + String.join(", ", trainedParts)
        + "; in the held-out languages ("
        + String.join(", ", heldOut)
        + ") "
        + String.join(", ", heldParts)
        + String.format(
            Locale.ROOT,
            ". The held-out operator rate goes from %.2f at N = %d to %.2f at N = %d, against"
                + " %.2f–%.2f in the training languages",
            heldOperator.get(0),
            points.get(0).n(),
            heldOperator.get(heldOperator.size() - 1),
            points.get(points.size() - 1).n(),
            ownOperator.getMin(),
            ownOperator.getMax())
        + ". A held-out operator rate far below the training languages' that does not rise with N"
        + " says the models carry the numbers and the answer format into the new languages, not"
        + " which operation the question asks; one that rises with N says a parallel language"
        + " teaches reading the operation in languages no model was post-trained on.";
  }

  private static String pair(int n, List<FirstStepRates> r) {
    return String.format(
        Locale.ROOT,
        "%.2f / %.2f at N = %d",
        mean(r, FirstStepRates::operands),
        mean(r, FirstStepRates::operator),
        n);
  }

  private static double mean(List<FirstStepRates> r, ToDoubleFunction<FirstStepRates> f) {
    return r.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}
