package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Agreement with the mCoT-7B authors' per-response correctness labels on MGSM (11 languages × 250),
 * shared/data/generations/mcot-mgsm-msvamp. Gold = the record's {@code answer}.
 *
 * <p>The labels are exactly reproduced (2,750 of 2,750) by a naive rule: the last match of
 * {@code -?\d+(\.\d+)?} after the last localized answer phrase. That rule splits grouped numbers, so it
 * labels "La réponse est 57 500." wrong and "Ответ: 1,5." (gold 5) right. Where our verdict differs from a
 * label, this test requires the naive rule to explain the label and the phrase's number to contain a
 * separator — i.e. the label is a parsing artifact, not a scoring difference. Raw figures are printed;
 * the agreement and per-language accuracy bounds apply after those artifacts are set aside.
 */
class McotReferenceTest {

  private static final String DIR = "data/generations/mcot-mgsm-msvamp";
  private static final List<String> LANGS = List.of("bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh");

  @Test
  void verdictsAgreeWithResultLabelsAndAccuracyMatchesDerivedTable() throws IOException {
    Path root = SharedData.require(DIR);
    Map<String, Double> reference = referenceAccuracy(root.resolve("derived/accuracy_from_result_labels.csv"));
    int total = 0;
    int agree = 0;
    List<String> disagreements = new ArrayList<>();
    Map<String, double[]> perLang = new TreeMap<>();
    int artifacts = 0;
    for (String lang : LANGS) {
      int correct = 0;
      int artifactShift = 0;
      List<JsonNode> rows = RefData.jsonLines(root.resolve("data/mcot_ft_mgsm_" + lang + ".json"));
      for (JsonNode row : rows) {
        String response = row.get("response").asText();
        AnswerScorer.ScoreResult r = AnswerScorer.score(response, row.get("answer").asText(), null, lang, false);
        boolean label = row.get("result").asBoolean();
        total++;
        correct += r.correct() ? 1 : 0;
        if (r.correct() == label) {
          agree++;
        } else {
          boolean artifact = naiveLabel(response, lang, row.get("answer").asDouble()) == label
              && SEPARATED.matcher(afterPhrase(response, lang)).find();
          artifacts += artifact ? 1 : 0;
          artifactShift += artifact ? (r.correct() ? 1 : -1) : 0;
          disagreements.add(String.format("%s label=%s ours=%s/%s extracted=%s gold=%s artifact=%s tail=…%s", lang,
              label, r.verdict(), r.extractionRule(), r.extractedAnswer(), row.get("answer").asText(), artifact,
              tail(response)));
        }
      }
      double labelAcc = reference.get(lang);
      perLang.put(lang, new double[] {100.0 * correct / rows.size(), labelAcc, labelAcc + 100.0 * artifactShift / rows.size()});
    }
    disagreements.forEach(d -> System.out.println("mCoT disagreement: " + d));
    double agreement = 100.0 * agree / total;
    double agreementBeyondArtifacts = 100.0 * (agree + artifacts) / total;
    System.out.printf(Locale.ROOT, "mCoT MGSM: %d responses, raw agreement %.2f%% (%d disagreements, %d label "
        + "parsing artifacts); agreement with artifacts set aside %.2f%%%n", total, agreement, total - agree,
        artifacts, agreementBeyondArtifacts);
    perLang.forEach((l, a) -> System.out.printf(Locale.ROOT,
        "mCoT MGSM %s: ours %.1f labels %.1f (diff %+.1f) labels with artifacts corrected %.1f%n", l, a[0], a[1],
        a[0] - a[1], a[2]));
    assertThat(total).isEqualTo(2750);
    assertThat(agreementBeyondArtifacts).isGreaterThanOrEqualTo(99.5);
    perLang.forEach((l, a) -> assertThat(Math.abs(a[0] - a[2])).as("accuracy gap for %s", l).isLessThanOrEqualTo(0.5));
  }

  /** Digits joined by a comma, dot-free space or no-break space: a number the naive rule splits. */
  private static final Pattern SEPARATED = Pattern.compile("\\d[,\\s\u00A0]\\d");
  private static final Pattern NAIVE_NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  private static final Map<String, String> PHRASE = Map.ofEntries(Map.entry("bn", "উত্তর হল"),
      Map.entry("de", "Die Antwort ist"), Map.entry("en", "The answer is"), Map.entry("es", "La respuesta es"),
      Map.entry("fr", "La réponse est"), Map.entry("ja", "答えは"), Map.entry("ru", "Ответ:"),
      Map.entry("sw", "Jibu ni"), Map.entry("te", "సమాధానం"), Map.entry("th", "คำตอบคือ"), Map.entry("zh", "答案是"));

  private static String afterPhrase(String response, String lang) {
    String ascii = NumberNormalizer.toAsciiDigits(response);
    int i = ascii.lastIndexOf(PHRASE.get(lang));
    return i < 0 ? ascii : ascii.substring(i + PHRASE.get(lang).length());
  }

  /** The label the naive rule gives: last {@code -?\d+(\.\d+)?} after the last phrase equals gold. */
  private static boolean naiveLabel(String response, String lang, double gold) {
    Matcher m = NAIVE_NUMBER.matcher(afterPhrase(response, lang));
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return last != null && Math.abs(Double.parseDouble(last) - gold) < 1e-6;
  }

  static String tail(String s) {
    String t = s.length() > 160 ? s.substring(s.length() - 160) : s;
    return t.replace('\n', ' ');
  }

  private static Map<String, Double> referenceAccuracy(Path csv) throws IOException {
    Map<String, Double> out = new TreeMap<>();
    for (String line : Files.readAllLines(csv)) {
      String[] f = line.split(",");
      if (f[0].equals("mgsm")) {
        out.put(f[1], Double.parseDouble(f[3]));
      }
    }
    return out;
  }
}
