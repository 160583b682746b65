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
import org.junit.jupiter.api.Test;
import org.polyreason.udfs.language.TextProfile;

/**
 * The mixing ratio ({@code thinking_target_share}) against the s1 traces' published {@code
 * think_target_script_share} (derived/rescored_by_authors_rule.csv: the share of the think
 * segment's letters written in the question's script, per setting and non-Latin language).
 *
 * <p>For every cell of the CSV with a value (all six settings: in {@code combined} the question
 * language is the forced one, in {@code combined_en_only} English is, so the script share is low),
 * every trace's think segment is profiled and its share of letters in the question language's
 * script computed ({@link LanguageShare}, as the score job does for a non-Latin target); the cell's
 * value is the mean over its traces. The segment is the reference's: from the think turn to the
 * answer turn (the reasoning of the scores stops earlier, at the harness's {@code Final Answer:}).
 * The reference counts every letter; ours skips LaTeX, code and control tokens, which raises the
 * share by about 0.01. Checked: per language, the mean absolute difference to the reference over
 * its cells is at most 0.02; the number of cells and traces compared.
 */
class ThinkTargetShareReferenceTest {

  static final int EXPECTED_CELLS = 31;
  static final int EXPECTED_ROWS = 7_586;

  @Test
  void reasoningScriptShareMatchesThePublishedShare() throws IOException {
    Path root = SharedData.require(S1ReferenceTest.DIR);
    List<String> lines = Files.readAllLines(root.resolve("derived/rescored_by_authors_rule.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    int settingCol = header.indexOf("setting");
    int langCol = header.indexOf("lang");
    int shareCol = header.indexOf("think_target_script_share");
    assertThat(shareCol).as("think_target_script_share column").isNotNegative();
    Map<String, List<Double>> diffs = new TreeMap<>();
    int cells = 0;
    int rows = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f[shareCol].isEmpty()) {
        continue;
      }
      String setting = f[settingCol];
      String lang = f[langCol];
      double reference = Double.parseDouble(f[shareCol]);
      Path dir = root.resolve("data").resolve(setting).resolve(lang);
      assertThat(dir).as("s1 cell %s/%s", setting, lang).isDirectory();
      double sum = 0;
      int n = 0;
      for (RefData.S1Record r : RefData.s1(dir)) {
        ResponseSplitter.Split split = ResponseSplitter.split(r.output());
        // the reference's think segment runs to the answer turn, so it holds the "Final Answer:"
        // line that ends our reasoning (11 Latin letters more per trace)
        int answerTurn = r.output().indexOf(ResponseSplitter.S1_ANSWER, split.reasoningStart());
        int end = answerTurn < 0 ? r.output().length() : answerTurn;
        Double share =
            LanguageShare.ofProfile(TextProfile.of(r.output(), split.reasoningStart(), end), lang);
        if (share != null) {
          sum += share;
          n++;
        }
        rows++;
      }
      double ours = sum / n;
      cells++;
      diffs.computeIfAbsent(lang, k -> new ArrayList<>()).add(Math.abs(ours - reference));
      System.out.printf(
          Locale.ROOT,
          "think share %-21s %s n=%3d ours %.3f reference %.3f diff %+.3f%n",
          setting,
          lang,
          n,
          ours,
          reference,
          ours - reference);
    }
    List<String> failures = new ArrayList<>();
    diffs.forEach(
        (lang, d) -> {
          double mean = d.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
          System.out.printf(
              Locale.ROOT, "think share %s: %d cells, mean |diff| %.4f%n", lang, d.size(), mean);
          if (mean > 0.02) {
            failures.add(lang + " mean |diff| " + mean);
          }
        });
    assertThat(failures).isEmpty();
    assertThat(cells).isEqualTo(EXPECTED_CELLS);
    assertThat(rows).isEqualTo(EXPECTED_ROWS);
  }
}
