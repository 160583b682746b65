package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Nothing a model writes may throw inside the scorer: seeded random responses built from the digits
 * and separators of every supported locale, braces, LaTeX fragments, every script and very long
 * lines go through {@link AnswerScorer#score} (splitting, language detection, extraction, judging),
 * and no row may come back with an exception in its {@code error} field. The seed is printed on
 * failure.
 */
class ScorerFuzzTest {

  static final long SEED = Long.getLong("polyreason.fuzz.seed", 20261130L);
  static final int CASES = Integer.getInteger("polyreason.fuzz.cases", 100_000);

  private static final String[] DIGIT_ZEROS = {
    "0", "\u0660", "\u06F0", "\u0966", "\u09E6", "\u0C66", "\u0E50", "\uFF10"
  };
  private static final String[] SEPARATORS = {
    ".", ",", " ", "\u00A0", "\u202F", "\u2009", "\u066B", "\u066C", "'", "\uFF0E", "\uFF0C", "/",
    "-", "\u2212", "%", "\u060C", ":", ";"
  };
  private static final String[] LATEX = {
    "\\boxed{",
    "\\fbox{",
    "}",
    "{",
    "(",
    ")",
    "[",
    "]",
    "\\frac",
    "\\dfrac",
    "\\tfrac",
    "\\sqrt",
    "\\sqrt[",
    "^",
    "_",
    "\\left(",
    "\\right)",
    "\\left[",
    "\\right]",
    "$",
    "$$",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "\\infty",
    "\\pi",
    "\\text{",
    "\\textnormal{",
    "\\mathrm{",
    "\\mbox{",
    "\\cdot",
    "\\times",
    "\\div",
    "\\!",
    "\\,",
    "\\;",
    "\\quad",
    "=",
    "\\leq",
    "\\geq",
    "<",
    ">",
    "\\le",
    "\\ne",
    "\\cup",
    "\\cap",
    "\\{",
    "\\}",
    "\\pm",
    "\\circ",
    "^\\circ",
    "\\%",
    "\\begin{pmatrix}",
    "\\end{pmatrix}",
    "\\\\",
    "&",
    "x",
    "y",
    "n",
    "e",
    "i",
    "\\log",
    "\\sin",
    "\\ln",
    "+",
    "*",
    "-",
    " or ",
    " and ",
    "\\in",
    "\\mathbb{R}",
    "\\emptyset",
    "\\varnothing",
    "\\lfloor",
    "\\rfloor",
    "|",
    "!",
    "\\binom",
    "\\overline{",
    "\\",
    "{}",
    "\\boxed{}",
    "\\boxed",
    "<think>",
    "</think>",
    "<|im_start|>think",
    "<|im_start|>answer",
    "Final Answer:",
    "**",
    "\n",
    "\\displaystyle",
    "~",
    "'",
    "\""
  };
  private static final String[] WORDS = {
    "The answer is ",
    "Die Antwort ist ",
    "La respuesta es ",
    "La réponse est ",
    "Ответ: ",
    "答案是",
    "答えは",
    "정답은 ",
    "คำตอบคือ",
    "उत्तर ",
    "উত্তর হল ",
    "సమాధానం ",
    "الإجابة هي ",
    "Jibu ni ",
    "Jawaban adalah ",
    "Câu trả lời là ",
    "A resposta é ",
    "La risposta è ",
    "שלום",
    "Ελληνικά",
    "ሰላም",
    "😀",
    "\uD835\uDFCE",
    "\u200B",
    "\uFEFF",
    "\u0301",
    "ß",
    "İ",
    "ǅ",
    "\uD800",
    "miles",
    "dollars",
    "cm",
    "m^2",
    "meters",
    "degrees",
    "km/h"
  };
  private static final String[] GOLDS = {
    "18",
    "-5",
    "2,125",
    "0.5",
    "1/3",
    "\\frac{1}{3}",
    "$\\frac{\\sqrt{3}}{2}$",
    "(3,2)",
    "[1, 5)",
    "(-\\infty, 2]",
    "x=3",
    "x \\geq 5",
    "A",
    "(B)",
    "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}",
    "\\{1, 2, 3\\}",
    "2^{99}-1",
    "x^2+2x+1",
    "\\text{Monday}",
    "1, 2",
    "(-0.5,0.87),(0,0)",
    "5\\%",
    "30^\\circ",
    "1000.99",
    "\\pi",
    "e^{2}",
    "\\sqrt[3]{2}",
    "$b \\geq $-\\frac{2}{3}$",
    "{",
    "",
    "}",
    "\\boxed{"
  };

  private static final List<String> LANGS =
      AnswerPhrases.BY_LANG.keySet().stream().sorted().toList();

  @Test
  void theReportedCommaListCrashIsAVerdict() {
    var r = AnswerScorer.score("The roots lie near 1.5,2.5", "3", null, "en", false);
    assertThat(r.error()).isNull();
    assertThat(r.verdict()).isEqualTo(AnswerScorer.WRONG);
    var boxed =
        AnswerScorer.score("So \\boxed{(-0.5,0.87),(0,0)}", "(-0.5,0.87),(0,0)", null, "en", false);
    assertThat(boxed.error()).isNull();
    assertThat(boxed.verdict()).isEqualTo(AnswerScorer.CORRECT);
  }

  @Test
  void noGeneratedResponseThrowsInsideTheScorer() {
    Random rnd = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int withLanguage = 0;
    int longLines = 0;
    for (int i = 0; i < CASES; i++) {
      String text = response(rnd);
      String gold = rnd.nextInt(5) == 0 ? response(rnd) : GOLDS[rnd.nextInt(GOLDS.length)];
      if (text.length() > 10_000) {
        longLines++;
      }
      boolean detect = i % 50 == 0; // language detection is the slow step; every 50th row is plenty
      withLanguage += detect ? 1 : 0;
      String lang = i % 3 == 0 ? null : LANGS.get(rnd.nextInt(LANGS.size()));
      var r = AnswerScorer.score(text, gold, null, lang, detect);
      if (r.error() != null && failures.size() < 20) {
        failures.add(
            "case "
                + i
                + " gold="
                + abbreviate(gold)
                + " text="
                + abbreviate(text)
                + " -> "
                + r.error());
      }
    }
    System.out.printf(
        "ScorerFuzzTest: %d responses (seed %d), %d with language detection, %d over 10,000 "
            + "characters%n",
        CASES, SEED, withLanguage, longLines);
    assertThat(failures).as("exceptions inside the scorer, seed " + SEED).isEmpty();
    assertThat(CASES).isGreaterThanOrEqualTo(100_000);
    assertThat(longLines).as("very long lines generated").isGreaterThan(200);
  }

  static String response(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int parts = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 80 : 12);
    for (int p = 0; p < parts; p++) {
      switch (rnd.nextInt(5)) {
        case 0, 1 -> number(rnd, sb);
        case 2 -> sb.append(LATEX[rnd.nextInt(LATEX.length)]);
        case 3 -> sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        default -> sb.append(SEPARATORS[rnd.nextInt(SEPARATORS.length)]);
      }
    }
    if (rnd.nextInt(400) == 0) {
      String unit = sb.length() == 0 ? "1,5 " : sb.toString();
      sb.append(unit.repeat(Math.max(1, 20_000 / unit.length())));
    }
    return sb.toString();
  }

  private static void number(Random rnd, StringBuilder sb) {
    int zero = DIGIT_ZEROS[rnd.nextInt(DIGIT_ZEROS.length)].codePointAt(0);
    if (rnd.nextInt(4) == 0) {
      sb.append(rnd.nextBoolean() ? "-" : "\u2212");
    }
    int groups = 1 + rnd.nextInt(4);
    for (int g = 0; g < groups; g++) {
      int len = 1 + rnd.nextInt(rnd.nextInt(20) == 0 ? 40 : 4);
      for (int d = 0; d < len; d++) {
        sb.appendCodePoint(zero + rnd.nextInt(10));
      }
      if (g + 1 < groups) {
        sb.append(SEPARATORS[rnd.nextInt(8)]);
      }
    }
  }

  private static String abbreviate(String s) {
    String t = s.replace("\n", "\\n");
    return t.length() <= 200 ? t : t.substring(0, 200) + "…(" + t.length() + " chars)";
  }
}
