package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every reference answer of PolyMath (18 languages × 500) and MMATH (10 × 374), placed in {@code
 * \boxed{}} as a model would write it, is judged equal to itself and to two rewritings ({@link
 * #rewriteNotation}, {@link #rewriteForm}), and different from a perturbed value ({@link
 * #perturb}). Golds that {@link GoldCheck} reports malformed are listed and excluded (and must be
 * exactly the listed ones, so a new malformed gold fails the test).
 */
class GoldSelfEqualityTest {

  record Gold(String where, String answer) {}

  static final int POLYMATH = 18 * 500;
  static final int MMATH = 10 * 374;

  @Test
  void everyBenchmarkGoldEqualsItselfAndItsRewritingsAndNotAPerturbation() throws IOException {
    List<Gold> golds = golds();
    assertThat(golds).hasSize(POLYMATH + MMATH);
    List<String> malformed = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> text = new ArrayList<>();
    int checked = 0;
    int perturbedChecked = 0;
    for (Gold g : golds) {
      String problem = GoldCheck.problem(g.answer());
      if (problem != null) {
        malformed.add(g.where() + ": " + problem + ": " + g.answer());
        continue;
      }
      checked++;
      check(g, g.answer(), true, "itself", failures);
      if (GoldCheck.isText(g.answer())) {
        text.add(g.where() + ": " + g.answer());
      } else {
        check(g, rewriteNotation(g.answer()), true, "notation rewrite", failures);
        check(g, rewriteForm(g.answer()), true, "form rewrite", failures);
      }
      String p = perturb(g.answer());
      if (p != null) {
        perturbedChecked++;
        check(g, p, false, "perturbed", failures);
      }
    }
    malformed.forEach(m -> System.out.println("malformed gold: " + m));
    text.forEach(m -> System.out.println("gold read as text (no rewritings checked): " + m));
    failures.stream().limit(80).forEach(f -> System.out.println("gold check failed: " + f));
    System.out.printf(
        "GoldSelfEqualityTest: %d golds, %d malformed, %d checked (%d typed values with 3 "
            + "equalities each, %d read as text with 1), %d perturbations, %d failures%n",
        golds.size(),
        malformed.size(),
        checked,
        checked - text.size(),
        text.size(),
        perturbedChecked,
        failures.size());
    assertThat(failures).isEmpty();
    // upstream: 3 PolyMath golds in each of the 18 languages (README, "Malformed reference
    // answers")
    assertThat(malformed).hasSize(3 * 18);
    assertThat(text.size()).as("golds read only as text").isLessThanOrEqualTo(10 * 18 + 20);
    // a gold with no digit and a comma or '=' (a list of symbols) has no perturbation of its own
    assertThat(perturbedChecked).isGreaterThanOrEqualTo(checked - 20);
  }

  private static void check(
      Gold g, String pred, boolean expected, String what, List<String> failures) {
    var r =
        AnswerScorer.score(
            "So the answer is $\\boxed{" + pred + "}$.", g.answer(), null, "en", false);
    if (r.error() != null || r.correct() != expected) {
      failures.add(
          g.where()
              + " "
              + what
              + ": gold="
              + g.answer()
              + " pred="
              + pred
              + " -> "
              + r.verdict()
              + (r.error() != null ? " " + r.error() : ""));
    }
  }

  /**
   * {@code \frac} ↔ {@code \dfrac}, {@code $…$} wrapping, spaces after commas and around {@code =}.
   */
  static String rewriteNotation(String a) {
    String t =
        a.contains("\\dfrac") ? a.replace("\\dfrac", "\\frac") : a.replace("\\frac", "\\dfrac");
    t = t.replace(",", ", ").replace("=", " = ");
    return t.startsWith("$") ? t : "$" + t + "$";
  }

  private static final Pattern NUMERIC_FRAC =
      Pattern.compile("\\\\d?frac\\{(-?\\d+)\\}\\{(\\d+)\\}");
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");
  private static final Pattern SUM =
      Pattern.compile("^([^+\\-=<>,;{}()\\[\\]\\\\]+)\\+([^+\\-=<>,;{}()\\[\\]\\\\]+)$");

  /**
   * {@code \frac{a}{b}} → {@code (a)/(b)}, an integer n → {@code n.0}, {@code a + b} → {@code b +
   * a}.
   */
  static String rewriteForm(String a) {
    String t = a.strip();
    if (INTEGER.matcher(t).matches()) {
      return t + ".0";
    }
    Matcher s = SUM.matcher(t);
    if (s.matches()) {
      return s.group(2).strip() + " + " + s.group(1).strip();
    }
    return NUMERIC_FRAC.matcher(t).replaceAll("($1)/($2)");
  }

  /**
   * The last digit outside subscripts changed (d → d+1 mod 10, 0 → 7); no digit: {@code + 1}
   * appended.
   */
  static String perturb(String a) {
    for (int i = a.length() - 1; i >= 0; i--) {
      char c = a.charAt(i);
      if (Character.isDigit(c) && c < 128 && !inSubscript(a, i)) {
        char d = c == '0' ? '7' : (char) ('0' + (c - '0' + 1) % 10);
        return a.substring(0, i) + d + a.substring(i + 1);
      }
    }
    return a.contains(",") || a.contains("=") ? null : "(" + a + ") + 1";
  }

  private static boolean inSubscript(String a, int i) {
    int j = i;
    while (j > 0 && (Character.isDigit(a.charAt(j - 1)) || a.charAt(j - 1) == '{')) {
      j--;
    }
    return j > 0 && a.charAt(j - 1) == '_';
  }

  static List<Gold> golds() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Gold> out = new ArrayList<>();
    Path poly = SharedData.require("data/benchmarks/polymath");
    try (Stream<Path> langs = Files.list(poly)) {
      for (Path lang : langs.filter(Files::isDirectory).sorted().toList()) {
        for (String level : List.of("low", "medium", "high", "top")) {
          Path f = lang.resolve(level + ".jsonl");
          List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
          for (int n = 0; n < lines.size(); n++) {
            if (!lines.get(n).isBlank()) {
              out.add(
                  new Gold(
                      poly.relativize(f) + ":" + (n + 1),
                      json.readTree(lines.get(n)).get("answer").asText()));
            }
          }
        }
      }
    }
    Path mmath = SharedData.require("data/benchmarks/mmath");
    try (Stream<Path> files = Files.list(mmath)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode arr = json.readTree(f.toFile());
        for (int n = 0; n < arr.size(); n++) {
          out.add(
              new Gold(
                  "mmath/" + f.getFileName() + "[" + n + "]", arr.get(n).get("answer").asText()));
        }
      }
    }
    return out;
  }
}
