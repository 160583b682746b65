package org.polyreason.jobs.report;

import static org.polyreason.jobs.report.Painters.f3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.polyreason.jobs.report.ReportData.FitRow;
import org.polyreason.jobs.report.ReportData.Point;
import org.polyreason.jobs.report.ReportData.ProbeRow;
import org.polyreason.jobs.report.ReportData.TransferRow;

/**
 * The translation probe of a series (translation_probes, written by {@code train}): per language,
 * how often the pretrained base and the models of each N find the English statement of a question
 * more likely after {@code question <par>} than the same statement with another first number / the
 * other operation, and whether the base is beyond chance (0.5) at all: without that, pretraining
 * gave post-training no alignment between languages to carry answers through.
 */
final class ProbeSection {
  /** Two-sided 95 % normal quantile of the chance band. */
  private static final double Z = 1.96;

  private ProbeSection() {}

  /**
   * Adds the table and its reading for series {@code f}; nothing when neither its models nor their
   * base (from their probe rows or, when only the base was probed, their transfer rows) have one.
   */
  static void add(Doc doc, FitRow f, List<ProbeRow> probes, List<TransferRow> transfer) {
    if (probes == null) {
      return;
    }
    Set<String> models = f.models();
    Set<String> probedBases =
        probes.stream()
            .filter(r -> r.baseModel() == null)
            .map(ProbeRow::model)
            .collect(Collectors.toSet());
    Set<String> bases = new TreeSet<>();
    probes.stream()
        .filter(r -> models.contains(r.model()) && r.baseModel() != null)
        .forEach(r -> bases.add(r.baseModel()));
    if (transfer != null) {
      transfer.stream()
          .filter(t -> models.contains(t.model()) && probedBases.contains(t.baseModel()))
          .forEach(t -> bases.add(t.baseModel()));
    }
    List<ProbeRow> base = probes.stream().filter(r -> bases.contains(r.model())).toList();
    if (base.isEmpty() && probes.stream().noneMatch(r -> models.contains(r.model()))) {
      return;
    }
    TreeSet<String> langs = new TreeSet<>(ReportData.LANGUAGE_ORDER);
    probes.stream()
        .filter(r -> models.contains(r.model()) || bases.contains(r.model()))
        .forEach(r -> langs.add(r.lang()));
    doc.p(
        "Translation probe: after a test question in a language and the pair separator <par>,"
            + " how often the model finds the question's English statement more likely than the"
            + " same statement with another first number / with the other operation (numbers /"
            + " operation; chance 0.5, mean over the N's models). Pretraining saw such pairs;"
            + " post-training did not.");
    List<String> header = new ArrayList<>(List.of("model"));
    header.addAll(langs);
    List<List<String>> rows = new ArrayList<>();
    if (!base.isEmpty()) {
      rows.add(row("base (" + String.join(", ", bases) + ")", langs, base::contains, probes));
    }
    for (Point p : f.points()) {
      // the post-trained models are probed only with polyreason.train.probe.stages = post-train
      if (probes.stream().anyMatch(r -> p.models().contains(r.model()))) {
        rows.add(row("N = " + p.n(), langs, r -> p.models().contains(r.model()), probes));
      }
    }
    doc.table(header, rows);
    if (!base.isEmpty()) {
      doc.p(reading(base));
    }
  }

  private static List<String> row(
      String label, Set<String> langs, Predicate<ProbeRow> of, List<ProbeRow> probes) {
    List<String> row = new ArrayList<>(List.of(label));
    for (String l : langs) {
      double numbers = meanShare(probes, of, l, "numbers");
      double operation = meanShare(probes, of, l, "operation");
      row.add(
          Double.isNaN(numbers) && Double.isNaN(operation)
              ? "–"
              : f3(numbers) + " / " + f3(operation));
    }
    return row;
  }

  private static double meanShare(
      List<ProbeRow> probes, Predicate<ProbeRow> of, String lang, String probe) {
    return probes.stream()
        .filter(r -> of.test(r) && r.lang().equals(lang) && r.probe().equals(probe))
        .mapToDouble(ProbeRow::share)
        .average()
        .orElse(Double.NaN);
  }

  /** Whether a share of {@code items} comparisons lies outside the 95 % band around chance. */
  static boolean beyondChance(ProbeRow r) {
    return r.items() > 0 && Math.abs(r.share() - 0.5) > Z * Math.sqrt(0.25 / r.items());
  }

  /** How many languages put the base beyond chance in each probe, and what that means. */
  static String reading(List<ProbeRow> base) {
    List<String> parts = new ArrayList<>();
    boolean operationRead = false;
    for (String probe : List.of("numbers", "operation")) {
      List<ProbeRow> rows = base.stream().filter(r -> r.probe().equals(probe)).toList();
      if (rows.isEmpty()) {
        continue;
      }
      List<String> above =
          rows.stream()
              .filter(r -> beyondChance(r) && r.share() > 0.5)
              .map(ProbeRow::lang)
              .toList();
      operationRead |= probe.equals("operation") && !above.isEmpty();
      int items = rows.stream().mapToInt(ProbeRow::items).min().orElse(0);
      parts.add(
          String.format(
              Locale.ROOT,
              "prefers the true statement in the %s probe in %.2f of comparisons on average (%d"
                  + " languages, at least %d items each; above chance, beyond the 95 %% band of"
                  + " ±%.2f, in %s)",
              probe,
              rows.stream().mapToDouble(ProbeRow::share).average().orElse(Double.NaN),
              rows.size(),
              items,
              Z * Math.sqrt(0.25 / Math.max(1, items)),
              above.isEmpty() ? "none" : String.join(", ", above)));
    }
    return "Reading: the pretrained base "
        + String.join("; it ", parts)
        + (operationRead
            ? ". It reads which operation a question asks across languages where it is above"
                + " chance: post-training has an alignment to build on there."
            : ". It does not read which operation a question in another language asks: pretraining"
                + " on parallel pairs left no alignment between languages for post-training on N"
                + " of them to carry answers through, so no First-Parallel Leap in the held-out"
                + " languages is to be expected from this base.");
  }
}
