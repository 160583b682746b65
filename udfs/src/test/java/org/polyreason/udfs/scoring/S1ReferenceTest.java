package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * s1.1-32B long-CoT traces with forced reasoning language
 * (shared/data/generations/s1-language-forcing-mgsm): accuracy against the authors' rule and
 * reasoning-language detection rates, on all 22 cells.
 *
 * <p>The reference is one computation, row by row: the authors' rule (after the first {@code Final
 * Answer:}, the last {@code \boxed{}} number, else the <em>first</em> number), re-implemented here
 * as {@link #authorsRule}. Its first-number fallback misreads answers stated as a sentence
 * ("ジョンは1週間に35時間" → 1); a difference is excused as such an artifact only when we are correct, the
 * rule used that fallback, and our answer is a number in that same first line; or when we are
 * correct and the rule read only the first digit group of a grouped box ({@code 114\\,200} → 114,
 * {@link #splitGroups}). Excused rows are printed and bounded. Checked, each able to fail: every
 * cell's folder exists (22 cells, 5,336 rows); our accuracy is within 1.0 point of the rule's
 * accuracy corrected for excused rows; the re-implementation is within 2.0 points of the published
 * recomputed table ({@code derived/rescored_by_authors_rule.csv}, itself a re-implementation); the
 * reasoning language is detected as the forced one on at least 90 % of the rows of every cell.
 */
class S1ReferenceTest {

  static final String DIR = "data/generations/s1-language-forcing-mgsm";
  static final List<String> SETTINGS = List.of("32B_combined", "32B_combined_en_only");
  static final List<String> LANGS =
      List.of("bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh");
  static final int EXPECTED_ROWS = 21 * 250 + 86; // 32B_combined/te holds a partial CSV of 86 rows
  static final int MAX_EXCUSED = 40;

  @Test
  void accuracyAndReasoningLanguageMatchReference() throws IOException {
    Path root = SharedData.require(DIR);
    Map<String, Double> reference =
        referenceAccuracy(root.resolve("derived/rescored_by_authors_rule.csv"));
    List<String> failures = new ArrayList<>();
    int cells = 0;
    int totalRows = 0;
    int excused = 0;
    for (String setting : SETTINGS) {
      for (String lang : LANGS) {
        Path dir = root.resolve("data").resolve(setting).resolve(lang);
        assertThat(dir).as("s1 cell %s/%s", setting, lang).isDirectory();
        List<RefData.S1Record> rows = RefData.s1(dir);
        cells++;
        totalRows += rows.size();
        int correct = 0;
        int truncated = 0;
        int langHits = 0;
        String expected = setting.endsWith("en_only") ? "en" : lang;
        Map<String, Integer> detected = new TreeMap<>();
        int artifactShift = 0;
        int authorsCorrect = 0;
        for (RefData.S1Record row : rows) {
          AnswerScorer.ScoreResult r =
              AnswerScorer.score(row.output(), row.gold(), null, lang, true);
          assertThat(r.error()).as("scoring threw").isNull();
          correct += r.correct() ? 1 : 0;
          Authors a = authorsRule(row.output(), Double.parseDouble(row.gold().replace(",", "")));
          authorsCorrect += a.correct() ? 1 : 0;
          if (a.correct() != r.correct()) {
            boolean sentenceArtifact =
                a.firstNumberFallback()
                    && NumberNormalizer.findAll(a.firstLine(), lang).stream()
                        .anyMatch(n -> n.canonical().equals(r.extractedAnswer()));
            boolean artifact =
                r.correct() && (sentenceArtifact || splitGroups(row.output(), a.answer()));
            artifactShift += artifact ? 1 : 0;
            System.out.printf(
                "s1 difference %s/%s gold=%s ours=%s/%s authors=%s excused=%s first line: %s%n",
                setting,
                lang,
                row.gold(),
                r.extractedAnswer(),
                r.extractionRule(),
                a.answer(),
                artifact,
                a.firstLine());
          }
          truncated += r.verdict().equals(AnswerScorer.TRUNCATED) ? 1 : 0;
          langHits += expected.equals(r.thinkingLang()) ? 1 : 0;
          detected.merge(String.valueOf(r.thinkingLang()), 1, Integer::sum);
        }
        excused += artifactShift;
        double acc = 100.0 * correct / rows.size();
        Double table = reference.get(setting + "/" + lang);
        double reimplemented = 100.0 * authorsCorrect / rows.size();
        double corrected = reimplemented + 100.0 * artifactShift / rows.size();
        double langRate = 100.0 * langHits / rows.size();
        System.out.printf(
            Locale.ROOT,
            "s1 %-21s %s n=%3d acc %.1f authors' rule %.1f (with %d excused rows "
                + "corrected %.1f; published table %s) truncated %d reasoning=%s %.1f%% detected %s%n",
            setting,
            lang,
            rows.size(),
            acc,
            reimplemented,
            artifactShift,
            corrected,
            table == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * table),
            truncated,
            expected,
            langRate,
            detected);
        if (Math.abs(acc - corrected) > 1.0) {
          failures.add(
              setting
                  + "/"
                  + lang
                  + " accuracy "
                  + acc
                  + " vs authors' rule corrected "
                  + corrected);
        }
        if (table == null || Math.abs(reimplemented - 100 * table) > 2.0) {
          failures.add(
              setting
                  + "/"
                  + lang
                  + " authors' rule re-implemented "
                  + reimplemented
                  + " vs table "
                  + table);
        }
        if (langRate < 90.0) {
          failures.add(
              setting + "/" + lang + " reasoning language " + expected + " rate " + langRate + "%");
        }
      }
    }
    System.out.printf("s1: %d cells, %d rows, %d excused rows%n", cells, totalRows, excused);
    assertThat(failures).isEmpty();
    assertThat(cells).isEqualTo(SETTINGS.size() * LANGS.size());
    assertThat(totalRows).isEqualTo(EXPECTED_ROWS);
    assertThat(excused).isLessThanOrEqualTo(MAX_EXCUSED);
  }

  /**
   * The authors' verdict, their answer, whether it came from the first-number fallback, and the
   * first line.
   */
  record Authors(boolean correct, Double answer, boolean firstNumberFallback, String firstLine) {}

  private static final Pattern AUTHORS_NUMBER = Pattern.compile("-?[\\d,]*\\.?\\d+");

  /** The rule of the authors' utils.py as described in PROVENANCE.md. */
  static Authors authorsRule(String output, double gold) {
    int i = output.indexOf("Final Answer:");
    String scope = i < 0 ? output : output.substring(i + "Final Answer:".length());
    String firstLine = scope.strip().lines().findFirst().orElse("");
    List<String> boxes = AnswerExtractor.boxedContents(scope);
    for (int k = boxes.size() - 1; k >= 0; k--) {
      Matcher m = AUTHORS_NUMBER.matcher(boxes.get(k));
      if (m.find()) {
        Double v = parse(m.group());
        return new Authors(v != null && Math.abs(v - gold) < 1e-6, v, false, firstLine);
      }
    }
    Matcher m = AUTHORS_NUMBER.matcher(scope);
    Double v = m.find() ? parse(m.group()) : null;
    return new Authors(v != null && Math.abs(v - gold) < 1e-6, v, true, firstLine);
  }

  /**
   * True when the authors' rule read only the first digit group of a grouped boxed number ({@code
   * \\boxed{114\\,200\\$}} → 114): their value is that group and the box continues with groups.
   */
  static boolean splitGroups(String output, Double authors) {
    if (authors == null || authors != Math.rint(authors)) {
      return false;
    }
    List<String> boxes = AnswerExtractor.boxedContents(output);
    String box =
        boxes.isEmpty() ? "" : boxes.get(boxes.size() - 1).replaceAll("\\$|\\\\\\$", "").strip();
    return box.matches("-?" + (long) (double) authors + "(?:(?:\\\\,|\\\\ |\\s|\\{,\\})\\d{3})+.*");
  }

  private static Double parse(String number) {
    // "29,00" and "75,00" (es, fr) are decimal commas, as in the published recomputation; "1,234"
    // groups
    String plain =
        number.matches("-?\\d+,\\d{1,2}") ? number.replace(',', '.') : number.replace(",", "");
    return plain.isEmpty() || plain.equals("-") ? null : Double.valueOf(plain);
  }

  static Map<String, Double> referenceAccuracy(Path csv) throws IOException {
    Map<String, Double> out = new TreeMap<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",", -1);
      if (!f[3].isEmpty()) {
        out.put(f[0] + "/" + f[1], Double.parseDouble(f[3]));
      }
    }
    return out;
  }
}
