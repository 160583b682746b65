package org.polyreason.jobs.importmetrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.polyreason.common.Languages;
import org.polyreason.common.UserException;

/**
 * Reads a published accuracy table: CSV with a header naming {@code model,benchmark,lang,accuracy}
 * and optionally {@code n} (any order; no other columns), accuracy in [0, 1], n a positive integer.
 * Fields are comma-separated without quoting (surrounding double quotes are stripped); blank lines
 * are skipped. Every problem is a {@link UserException} naming file:line, the value and what is
 * allowed.
 */
public final class MetricsCsv {
  static final List<String> REQUIRED = List.of("model", "benchmark", "lang", "accuracy");
  static final List<String> ALLOWED = List.of("model", "benchmark", "lang", "accuracy", "n");

  /** One published accuracy; n (number of problems) may be null. */
  public record Entry(String model, String benchmark, String lang, double accuracy, Integer n)
      implements java.io.Serializable {}

  private MetricsCsv() {}

  public static List<Entry> read(Path file) {
    List<String> lines;
    try {
      try (java.io.BufferedReader r = org.polyreason.common.TextFiles.open(file)) {
        lines = r.lines().toList();
      }
    } catch (IOException e) {
      throw new UserException("Cannot read metrics CSV " + file + ": " + e.getMessage(), e);
    }
    return parse(file.getFileName().toString(), lines);
  }

  /** Problems per language of the XReasoning datasets whose size PROVENANCE states. */
  static final java.util.Map<String, Integer> XREASONING_SIZES =
      java.util.Map.of("mgsm", 250, "aime_combined", 60);

  /**
   * Reads XReasoning's {@code eval.csv} (tab-separated, no header: model, dataset, question_lang,
   * thinking_lang, acc_standard_prompt, acc_hacked_prompt; accuracies in percent): one entry per
   * row whose thinking language is the question language, with the standard prompt's accuracy, the
   * dataset name as benchmark and n where the dataset's size is known (mgsm 250, aime_combined 60).
   */
  public static List<Entry> readXReasoning(Path file) {
    List<String> lines;
    try (java.io.BufferedReader r = org.polyreason.common.TextFiles.open(file)) {
      lines = r.lines().toList();
    } catch (IOException e) {
      throw new UserException(
          "Cannot read XReasoning eval file " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName().toString();
    List<String> csv = new ArrayList<>(List.of("model,benchmark,lang,accuracy,n"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] f = lines.get(i).split("\t", -1);
      String at = name + ":" + (i + 1);
      if (f.length != 6) {
        throw new UserException(
            at
                + ": "
                + f.length
                + " tab-separated fields, expected 6 (model, dataset, question_lang,"
                + " thinking_lang, acc_standard_prompt, acc_hacked_prompt)");
      }
      if (!f[2].strip().equalsIgnoreCase(f[3].strip())) {
        continue;
      }
      String pct = f[4].strip().replace("%", "");
      double acc;
      try {
        // 86.4 % -> 0.864 exactly as written (not 86.4 / 100 = 0.8640000000000001)
        acc = new java.math.BigDecimal(pct).movePointLeft(2).doubleValue();
      } catch (NumberFormatException e) {
        throw new UserException(
            at + ": acc_standard_prompt " + f[4] + " is not a percentage; allowed: e.g. 82.8%");
      }
      Integer n = XREASONING_SIZES.get(f[1].strip());
      csv.add(
          String.join(
              ",",
              f[0].strip(),
              f[1].strip(),
              f[2].strip().toLowerCase(Locale.ROOT),
              Double.toString(acc),
              n == null ? "" : n.toString()));
    }
    return parse(name, csv);
  }

  /** Parses lines of a CSV called {@code name} (used in messages). */
  public static List<Entry> parse(String name, List<String> lines) {
    int headerLine = 0;
    while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
      headerLine++;
    }
    if (headerLine == lines.size()) {
      throw new UserException(
          "Metrics CSV "
              + name
              + " is empty; expected a header "
              + String.join(",", REQUIRED)
              + "[,n]");
    }
    List<String> header =
        split(lines.get(headerLine)).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    String where = name + ":" + (headerLine + 1);
    for (String h : header) {
      if (!ALLOWED.contains(h)) {
        throw new UserException(
            where + ": unknown column " + h + " in header; allowed: " + String.join(", ", ALLOWED));
      }
    }
    for (String r : REQUIRED) {
      if (!header.contains(r)) {
        throw new UserException(
            where
                + ": header "
                + String.join(",", header)
                + " lacks column "
                + r
                + "; expected "
                + String.join(",", REQUIRED)
                + "[,n]");
      }
    }
    int iModel = header.indexOf("model");
    int iBench = header.indexOf("benchmark");
    int iLang = header.indexOf("lang");
    int iAcc = header.indexOf("accuracy");
    int iN = header.indexOf("n");
    List<Entry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = headerLine + 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String at = name + ":" + (i + 1);
      List<String> f = split(lines.get(i));
      if (f.size() != header.size()) {
        throw new UserException(
            at
                + ": "
                + f.size()
                + " fields, expected "
                + header.size()
                + " ("
                + String.join(",", header)
                + ")");
      }
      String model = nonEmpty(f.get(iModel), at, "model");
      String bench = nonEmpty(f.get(iBench), at, "benchmark");
      String lang = Languages.require(f.get(iLang), at + " column lang");
      double acc = accuracy(f.get(iAcc), at);
      Integer n = iN < 0 || f.get(iN).isEmpty() ? null : count(f.get(iN), at);
      if (!seen.add(model + "\u0001" + bench + "\u0001" + lang)) {
        throw new UserException(
            at
                + ": duplicate row for model "
                + model
                + ", benchmark "
                + bench
                + ", lang "
                + lang
                + "; allowed: one row per model, benchmark and lang");
      }
      out.add(new Entry(model, bench, lang, acc, n));
    }
    if (out.isEmpty()) {
      throw new UserException(name + ": no data rows after the header");
    }
    return List.copyOf(out);
  }

  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    for (String part : line.split(",", -1)) {
      String p = part.strip();
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        p = p.substring(1, p.length() - 1).strip();
      }
      out.add(p);
    }
    return out;
  }

  private static String nonEmpty(String v, String at, String column) {
    if (v.isEmpty()) {
      throw new UserException(at + ": empty " + column + "; allowed: a non-empty name");
    }
    return v;
  }

  private static double accuracy(String v, String at) {
    double a;
    try {
      a = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UserException(
          at
              + ": accuracy "
              + (v.isEmpty() ? "\"\"" : v)
              + " is not a number; allowed: a number in [0, 1]");
    }
    if (!(a >= 0.0 && a <= 1.0)) {
      throw new UserException(
          at
              + ": accuracy "
              + v
              + " is outside [0, 1]; allowed: a number in [0, 1] (a percentage? divide by 100)");
    }
    return a;
  }

  private static int count(String v, String at) {
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UserException(
          at
              + ": n "
              + v
              + " is not a positive integer; allowed: the number of problems (>= 1) or empty");
    }
  }
}
