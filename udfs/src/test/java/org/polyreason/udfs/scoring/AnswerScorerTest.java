package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerScorerTest {

  private static final String S1_DE =
      "<|im_start|>system\nDenke auf Deutsch.<|im_end|>\n<|im_start|>user\nFrage<|im_end|>\n"
          + "<|im_start|>assistant\n<|im_start|>thinkZuerst rechnen wir, wie viele Eier übrig bleiben, dann multiplizieren "
          + "wir mit dem Preis pro Ei.\nFinal Answer: \\boxed{18}\n<|im_start|>answer\nJanet verdient jeden Tag "
          + "\\boxed{18} Dollar auf dem Bauernmarkt, weil neun Eier übrig bleiben.";

  @Test
  void correctWithLanguages() {
    var r = AnswerScorer.score(S1_DE, "18", "integer", "de", true);
    assertThat(r.verdict()).isEqualTo(AnswerScorer.CORRECT);
    assertThat(r.correct()).isTrue();
    assertThat(r.extractedAnswer()).isEqualTo("18");
    assertThat(r.extractionRule()).isEqualTo(AnswerExtractor.BOXED);
    assertThat(r.thinkingLang()).isEqualTo("de");
    assertThat(r.answerLang()).isEqualTo("de");
    assertThat(r.langConsistent()).isTrue();
  }

  @Test
  void wrongAndInferredKind() {
    var r = AnswerScorer.score("The answer is 17.", "18.0", null, "en", false);
    assertThat(r.verdict()).isEqualTo(AnswerScorer.WRONG);
    assertThat(r.thinkingLang()).isNull();
    assertThat(r.langConsistent()).isNull();
  }

  @Test
  void undecidableIsWrongWithItsOwnRule() {
    var r = AnswerScorer.score("The answer is $x+1$.", "3", "latex", "en", false);
    assertThat(r.verdict()).isEqualTo(AnswerScorer.WRONG);
    assertThat(r.extractionRule()).isEqualTo(AnswerScorer.UNDECIDABLE);
  }

  @Test
  void truncatedWhenReasoningNeverCloses() {
    var r =
        AnswerScorer.score("<think>Let me compute 9 times 2 which is", "18", "integer", "en", true);
    assertThat(r.verdict()).isEqualTo(AnswerScorer.TRUNCATED);
    assertThat(r.extractedAnswer()).isNull();
    assertThat(r.correct()).isFalse();
    assertThat(r.answerLang()).isNull();
  }

  @Test
  void noAnswerAndError() {
    assertThat(
            AnswerScorer.score("<think>x</think>I do not know.", "18", "integer", "en", false)
                .verdict())
        .isEqualTo(AnswerScorer.NO_ANSWER);
    assertThat(AnswerScorer.score(null, "18", "integer", "en", false).verdict())
        .isEqualTo(AnswerScorer.ERROR);
    assertThat(AnswerScorer.score("18", null, null, "en", false).verdict())
        .isEqualTo(AnswerScorer.ERROR);
  }

  @Test
  void nativeDigitsAndLocaleGroupingInTheAnswer() {
    assertThat(AnswerScorer.score("সুতরাং উত্তর হল ১৮।", "18", "integer", "bn", false).correct())
        .isTrue();
    assertThat(
            AnswerScorer.score("Der Gewinn beträgt 70.000 Dollar.", "70000", "integer", "de", false)
                .correct())
        .isTrue();
    assertThat(AnswerScorer.score("La réponse est 2 125.", "2,125", null, "fr", false).correct())
        .isTrue();
    assertThat(AnswerScorer.CHECKER_VERSION).isNotBlank();
  }
}
