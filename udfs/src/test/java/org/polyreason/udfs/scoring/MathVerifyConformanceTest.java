package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Agreement with Math-Verify, the field's answer checker, on the (gold, prediction, expected) cases
 * of its own test suite ({@code shared/data/peer-checker-cases}, see PROVENANCE.md there). Each
 * prediction is scored as a whole model response ({@link AnswerScorer#score}) against its gold; a
 * case agrees when {@code correct} equals the peer's verdict. Cases listed in {@code
 * conformance/excused.tsv} (at most {@value #MAX_EXCUSED}, each with a one-line reason why the
 * peer's verdict is wrong) are reported, not counted.
 */
class MathVerifyConformanceTest {

  static final double MIN_AGREEMENT = 0.95;
  static final int MAX_EXCUSED = 10;
  static final int EXPECTED_CASES = 263;

  @Test
  void agreesWithMathVerifyOnAtLeast95PercentOfItsCases() throws IOException {
    Path file = SharedData.require("data/peer-checker-cases/mathverify-cases.jsonl");
    Map<String, String> excused = excused();
    assertThat(excused).as("excused cases").hasSizeLessThanOrEqualTo(MAX_EXCUSED);
    ObjectMapper json = new ObjectMapper();
    Map<String, int[]> byCategory = new TreeMap<>();
    List<String> disagreements = new ArrayList<>();
    List<String> excusedSeen = new ArrayList<>();
    int total = 0;
    int agree = 0;
    int counted = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode c = json.readTree(line);
      total++;
      String source = c.get("source").asText();
      String gold = c.get("gold").asText();
      String prediction = c.get("prediction").asText();
      boolean expected = c.get("expected").asBoolean();
      var r = AnswerScorer.score(prediction, gold, null, "en", false);
      assertThat(r.error()).as("scoring threw on %s", source).isNull();
      boolean ok = r.correct() == expected;
      if (excused.containsKey(source)) {
        excusedSeen.add(
            source + " (ours " + r.correct() + ", peer " + expected + "): " + excused.get(source));
        continue;
      }
      counted++;
      agree += ok ? 1 : 0;
      int[] cat = byCategory.computeIfAbsent(c.get("category").asText(), k -> new int[2]);
      cat[0] += ok ? 1 : 0;
      cat[1]++;
      if (!ok) {
        disagreements.add(
            String.format(
                "%s [%s] gold=%s | prediction=%s | expected=%s got=%s (%s: %s)",
                source,
                c.get("category").asText(),
                gold,
                abbreviate(prediction),
                expected,
                r.verdict(),
                r.extractionRule(),
                r.extractedAnswer()));
      }
    }
    StringBuilder table =
        new StringBuilder("| category | cases | agree | agreement |\n|---|---:|---:|---:|\n");
    byCategory.forEach(
        (k, v) ->
            table.append(
                String.format("| %s | %d | %d | %.1f %% |%n", k, v[1], v[0], 100.0 * v[0] / v[1])));
    table.append(
        String.format(
            "| **all** | %d | %d | %.1f %% |%n", counted, agree, 100.0 * agree / counted));
    System.out.println(
        "Math-Verify conformance ("
            + total
            + " cases, "
            + excusedSeen.size()
            + " excused):\n"
            + table);
    excusedSeen.forEach(e -> System.out.println("  excused: " + e));
    disagreements.forEach(d -> System.out.println("  disagree: " + d));
    assertThat(total).as("cases read").isEqualTo(EXPECTED_CASES);
    assertThat(excusedSeen).as("every excused case exists").hasSameSizeAs(excused.keySet());
    assertThat(agree / (double) counted)
        .as("agreement with Math-Verify")
        .isGreaterThanOrEqualTo(MIN_AGREEMENT);
  }

  /** source → reason, from {@code conformance/excused.tsv} (tab-separated; {@code #} comments). */
  static Map<String, String> excused() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in =
        MathVerifyConformanceTest.class.getResourceAsStream("/conformance/excused.tsv")) {
      if (in == null) {
        return out;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 2);
        assertThat(f).as("excused.tsv line needs source<TAB>reason: %s", line).hasSize(2);
        assertThat(f[1].strip()).as("reason of %s", f[0]).isNotEmpty();
        out.put(f[0].strip(), f[1].strip());
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    String t = s.replace("\n", "\\n");
    return t.length() <= 160 ? t : t.substring(0, 160) + "…";
  }
}
