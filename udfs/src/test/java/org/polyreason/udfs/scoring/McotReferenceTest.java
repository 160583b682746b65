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
 * shared/data/generations/mcot-mgsm-msvamp. Gold = the record's {@code answer}; the authors'
 * parser's extraction is the record's {@code prediction}, and a label is {@code prediction ==
 * answer}.
 *
 * <p>Checked, each able to fail: the label equals {@code prediction == answer} on all 2,750 rows;
 * the naive rule (last {@code -?\d+(\.\d+)?} after the last answer phrase) reproduces the {@code
 * prediction} on 2,748 rows (the two others are decimal commas the authors read two ways, printed).
 * A verdict of ours that differs from the label is excused only when the authors' own {@code
 * prediction} shows their parser split a number: it is one piece of a separated number ({@code 57
 * 500}, {@code 1,5}) whose whole reading is our extracted answer. Excused rows are printed and
 * bounded ({@value #MAX_EXCUSED}); no other disagreement is allowed, and each language's accuracy
 * must equal the label accuracy corrected for its excused rows.
 */
class McotReferenceTest {

  private static final String DIR = "data/generations/mcot-mgsm-msvamp";
  private static final List<String> LANGS =
      List.of("bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh");
  static final int MAX_EXCUSED = 40;

  @Test
  void verdictsAgreeWithResultLabelsAndAccuracyMatchesDerivedTable() throws IOException {
    Path root = SharedData.require(DIR);
    Map<String, Double> reference =
        referenceAccuracy(root.resolve("derived/accuracy_from_result_labels.csv"));
    int total = 0;
    int agree = 0;
    int labelIsPrediction = 0;
    int naiveIsPrediction = 0;
    List<String> excused = new ArrayList<>();
    List<String> unexplained = new ArrayList<>();
    Map<String, double[]> perLang = new TreeMap<>();
    for (String lang : LANGS) {
      int correct = 0;
      int shift = 0;
      List<JsonNode> rows = RefData.jsonLines(root.resolve("data/mcot_ft_mgsm_" + lang + ".json"));
      for (JsonNode row : rows) {
        String response = row.get("response").asText();
        double gold = row.get("answer").asDouble();
        JsonNode pred = row.get("prediction");
        Double prediction = pred == null || pred.isNull() ? null : pred.asDouble();
        AnswerScorer.ScoreResult r =
            AnswerScorer.score(response, row.get("answer").asText(), null, lang, false);
        boolean label = row.get("result").asBoolean();
        total++;
        correct += r.correct() ? 1 : 0;
        labelIsPrediction +=
            label == (prediction != null && Math.abs(prediction - gold) < 1e-6) ? 1 : 0;
        Double naive = naiveNumber(response, lang);
        if (java.util.Objects.equals(naive, prediction)) {
          naiveIsPrediction++;
        } else {
          System.out.println(
              "mCoT naive rule differs from the authors' prediction: "
                  + lang
                  + " naive="
                  + naive
                  + " prediction="
                  + prediction
                  + " tail=…"
                  + tail(response));
        }
        if (r.correct() == label) {
          agree++;
          continue;
        }
        String line =
            String.format(
                "%s label=%s ours=%s/%s extracted=%s authors=%s gold=%s tail=…%s",
                lang,
                label,
                r.verdict(),
                r.extractionRule(),
                r.extractedAnswer(),
                prediction,
                row.get("answer").asText(),
                tail(response));
        if (splitByAuthors(response, lang, r.extractedAnswer(), prediction)) {
          excused.add(line);
          shift += r.correct() ? 1 : -1;
        } else {
          unexplained.add(line);
        }
      }
      double labelAcc = reference.get(lang);
      perLang.put(
          lang,
          new double[] {
            100.0 * correct / rows.size(), labelAcc, labelAcc + 100.0 * shift / rows.size()
          });
    }
    excused.forEach(d -> System.out.println("mCoT excused (authors' parser split a number): " + d));
    unexplained.forEach(d -> System.out.println("mCoT UNEXPLAINED disagreement: " + d));
    System.out.printf(
        Locale.ROOT,
        "mCoT MGSM: %d responses, agreement %.2f%% (%d disagreements: %d excused by the "
            + "authors' prediction, %d unexplained); label = prediction==answer on %d rows, naive rule = prediction "
            + "on %d rows%n",
        total,
        100.0 * agree / total,
        total - agree,
        excused.size(),
        unexplained.size(),
        labelIsPrediction,
        naiveIsPrediction);
    perLang.forEach(
        (l, a) ->
            System.out.printf(
                Locale.ROOT,
                "mCoT MGSM %s: ours %.1f labels %.1f (diff %+.1f) labels with excused rows corrected %.1f%n",
                l,
                a[0],
                a[1],
                a[0] - a[1],
                a[2]));
    assertThat(total).isEqualTo(2750);
    assertThat(labelIsPrediction).as("labels are prediction == answer").isEqualTo(2750);
    // all but two: "Die Antwort ist 91,67" (authors 9167) and "La réponse est 5,56" (authors 5.56),
    // decimal
    // commas the authors' parser read in two different ways; both rows agree with our verdict
    // anyway
    assertThat(naiveIsPrediction)
        .as("the naive rule reproduces the authors' prediction")
        .isEqualTo(2748);
    assertThat(excused).as("excused rows").hasSizeLessThanOrEqualTo(MAX_EXCUSED);
    assertThat(unexplained).as("disagreements not explained by the authors' prediction").isEmpty();
    perLang.forEach(
        (l, a) ->
            assertThat(a[0])
                .as("accuracy of %s vs corrected labels", l)
                .isCloseTo(a[2], org.assertj.core.data.Offset.offset(1e-9)));
  }

  /**
   * True when the authors' {@code prediction} is one digit group of a separated number in the
   * response ({@code 57 500} → 500, {@code 1,5} → 5) whose whole reading is {@code ours}.
   */
  static boolean splitByAuthors(String response, String lang, String ours, Double prediction) {
    if (ours == null || prediction == null) {
      return false;
    }
    String ascii = NumberNormalizer.toAsciiDigits(response);
    for (NumberNormalizer.Parsed n : NumberNormalizer.findAll(response, lang)) {
      String raw = ascii.substring(n.start(), n.end());
      if (!n.canonical().equals(ours) || !SEPARATED.matcher(raw).find()) {
        continue;
      }
      for (String piece : raw.split("[,.\\s\u00A0\u202F]+")) {
        if (!piece.isEmpty()
            && piece.matches("-?\\d+")
            && Double.parseDouble(piece) == prediction) {
          return true;
        }
      }
    }
    return false;
  }

  /** Digits joined by a comma, dot-free space or no-break space: a number the naive rule splits. */
  private static final Pattern SEPARATED = Pattern.compile("\\d[,\\s\u00A0]\\d");

  private static final Pattern NAIVE_NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  private static final Map<String, String> PHRASE =
      Map.ofEntries(
          Map.entry("bn", "উত্তর হল"),
          Map.entry("de", "Die Antwort ist"),
          Map.entry("en", "The answer is"),
          Map.entry("es", "La respuesta es"),
          Map.entry("fr", "La réponse est"),
          Map.entry("ja", "答えは"),
          Map.entry("ru", "Ответ:"),
          Map.entry("sw", "Jibu ni"),
          Map.entry("te", "సమాధానం"),
          Map.entry("th", "คำตอบคือ"),
          Map.entry("zh", "答案是"));

  private static String afterPhrase(String response, String lang) {
    String ascii = NumberNormalizer.toAsciiDigits(response);
    int i = ascii.lastIndexOf(PHRASE.get(lang));
    return i < 0 ? ascii : ascii.substring(i + PHRASE.get(lang).length());
  }

  /** The naive rule: the last {@code -?\d+(\.\d+)?} after the last phrase, or null. */
  private static Double naiveNumber(String response, String lang) {
    Matcher m = NAIVE_NUMBER.matcher(afterPhrase(response, lang));
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return last == null ? null : Double.parseDouble(last);
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
