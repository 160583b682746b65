package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerExtractorTest {

  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en|Janet makes 9 * 2 = 18 dollars. The answer is 18.|18",
        "de|Also 9 * 2 = 18 Dollar. Die Antwort ist 18.|18",
        "es|9 * 2 = 18 dólares. La respuesta es 18.|18",
        "fr|9 * 2 = 18 $. La réponse est 57 500.|57500",
        "it|Quindi 4 + 5 = 9. La risposta è 9.|9",
        "pt|Então 4 + 5 = 9. A resposta é 9.|9",
        "id|Jadi 4 + 5 = 9. Jawabannya adalah 9.|9",
        "ms|Jadi 4 + 5 = 9. Jawapannya ialah 9.|9",
        "sw|Kwa hiyo 4 + 5 = 9. Jibu ni 9.|9",
        "vi|Vậy 4 + 5 = 9. Câu trả lời là 9.|9",
        "ru|Итак, 4 + 5 = 9. Ответ: 9.|9",
        "ar|إذن 4 + 5 = 9. الإجابة هي 9.|9",
        "bn|সুতরাং ৪ + ৫ = ৯। উত্তর হল ৯।|9",
        "te|కాబట్టి 4 + 5 = 9. సమాధానం 9.|9",
        "th|ดังนั้น 4 + 5 = 9 คำตอบคือ 9|9",
        "ja|4 + 5 = 9なので、答えは9です。|9",
        "zh|所以 4 + 5 = 9。答案是9。|9",
        "ko|따라서 4 + 5 = 9입니다. 정답은 9입니다.|9"
      })
  void phrasePerLanguage(String lang, String text, String expected) {
    var ex = AnswerExtractor.extract(text, lang);
    assertThat(ex.answer()).isEqualTo(expected);
    assertThat(ex.rule()).isEqualTo(AnswerExtractor.PHRASE);
  }

  @Test
  void lastBoxedWinsAndNestedBracesAreMatched() {
    var ex =
        AnswerExtractor.extract("first \\boxed{3} then \\boxed{\\frac{1}{\\sqrt{2}}} done", "en");
    assertThat(ex.answer()).isEqualTo("\\frac{1}{\\sqrt{2}}");
    assertThat(ex.rule()).isEqualTo(AnswerExtractor.BOXED);
  }

  @Test
  void boxedNumberIsCanonicalisedWithTheLanguage() {
    assertThat(AnswerExtractor.extract("Janet verdient \\boxed{18} Dollar", "de").answer())
        .isEqualTo("18");
    assertThat(AnswerExtractor.extract("\\boxed{\\$1{,}200}", "en").answer()).isEqualTo("1200");
    assertThat(AnswerExtractor.extract("\\boxed{29,00}", "es").answer()).isEqualTo("29");
    assertThat(AnswerExtractor.extract("\\boxed{18 \\text{ dollars}}", "en").answer())
        .isEqualTo("18");
  }

  @Test
  void boldAndLineBreakBetweenPhraseAndAnswer() {
    assertThat(AnswerExtractor.extract("steps 1 2\n\n**Final Answer:**\n**42**", "en").answer())
        .isEqualTo("42");
    assertThat(AnswerExtractor.extract("hesabu 5\n\n**Jibu**: 48 grams", "sw").answer())
        .isEqualTo("48");
  }

  @Test
  void headingOverRestatedProblemIsNotAnAnswer() {
    String text =
        "Final Answer: 48\nJibu: Kuna shule nne zinazoshindana katika shindano la mpira wa kikapu kila "
            + "shule ina timu 2 na wachezaji 12";
    assertThat(AnswerExtractor.extractFrom(text, "sw").answer()).isEqualTo("48");
  }

  @Test
  void phraseWithInlineMaths() {
    assertThat(AnswerExtractor.extract("So the answer is $\\frac{3}{4}$.", "en").answer())
        .isEqualTo("\\frac{3}{4}");
  }

  @Test
  void lastNumberInAnswerPartThenWholeText() {
    var ex = AnswerExtractor.extract("<think>try 7</think>So we get 12 apples", "en");
    assertThat(ex.answer()).isEqualTo("12");
    assertThat(ex.rule()).isEqualTo(AnswerExtractor.LAST_NUMBER);
    assertThat(AnswerExtractor.extract("only prose", "en").rule()).isEqualTo(AnswerExtractor.NONE);
    assertThat(AnswerExtractor.extract(null, "en").found()).isFalse();
  }

  @Test
  void unbalancedBoxRunsToTheEnd() {
    assertThat(AnswerExtractor.boxedContents("\\boxed{12")).containsExactly("12");
  }
}
