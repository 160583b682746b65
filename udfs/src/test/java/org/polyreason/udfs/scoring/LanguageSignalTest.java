package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LanguageSignalTest {

  static final String DE =
      "Zuerst müssen wir herausfinden, wie viele Eier nach dem Frühstück übrig bleiben. "
          + "Dann multiplizieren wir die Anzahl mit dem Preis pro Ei und erhalten das Ergebnis. ";
  static final String EN =
      "First we need to find how many eggs are left after breakfast and baking, then we "
          + "multiply the number of eggs by the price of one egg to get the result. ";
  static final String ZH = "首先我们需要算出早餐和烘焙之后还剩下多少个鸡蛋，然后乘以价格得到结果。";

  static AnswerScorer.ScoreResult score(String text, String expected) {
    return AnswerScorer.score(text, "18", null, expected, true);
  }

  @Test
  void aResponseAllInTheTargetPassesEveryRule() {
    var r = score("<think>" + DE.repeat(3) + "</think>Die Antwort ist \\boxed{18}.", "de");
    assertThat(r.thinkingLang()).isEqualTo("de");
    assertThat(r.thinkingTargetShare()).isEqualTo(1.0);
    assertThat(r.consistentPolymath()).isTrue();
    assertThat(r.consistentXreasoning()).isTrue();
    assertThat(r.consistentStrict()).isTrue();
    assertThat(r.langConsistent()).isFalse(); // "Die Antwort ist" is too short to detect
  }

  @Test
  void englishReasoningForAGermanTargetFailsEveryRule() {
    var r = score("<think>" + EN.repeat(3) + "</think>" + EN + "\\boxed{18}", "de");
    assertThat(r.thinkingLang()).isEqualTo("en");
    assertThat(r.thinkingTargetShare()).isCloseTo(0.0, offset(1e-9));
    assertThat(r.consistentPolymath()).isFalse();
    assertThat(r.consistentXreasoning()).isFalse();
    assertThat(r.consistentStrict()).isFalse();
  }

  @Test
  void mixedScriptsGiveTheShareAndOnlyTheStrictRuleFails() {
    // Chinese reasoning with one English sentence: Chinese dominates, but it is not one language
    String text = "<think>" + ZH.repeat(4) + " Wait, let me check it again. " + "</think>" + ZH;
    var r = score(text, "zh");
    long han = ZH.repeat(4).codePoints().filter(Character::isLetter).count();
    long latin = "Waitletmecheckitagain".length();
    assertThat(r.thinkingTargetShare()).isCloseTo((double) han / (han + latin), offset(1e-9));
    assertThat(r.consistentXreasoning()).isTrue();
    assertThat(r.consistentPolymath()).isTrue();
    assertThat(r.consistentStrict()).isFalse();
  }

  @Test
  void tooShortToTellCountsForPolyMathOnly() {
    var r = score("<think>ok 6 + 12 = 18</think>\\boxed{18}", "de");
    assertThat(r.thinkingLang()).isEqualTo(LanguageDetector.UNKNOWN);
    assertThat(r.consistentPolymath()).isTrue();
    assertThat(r.consistentXreasoning()).isFalse();
  }

  @Test
  void noExpectedLanguageOrNoDetectionLeavesTheFlagsNull() {
    var none = score("<think>" + DE + "</think>\\boxed{18}", null);
    assertThat(none.thinkingLang()).isEqualTo("de");
    assertThat(none.thinkingTargetShare()).isNull();
    assertThat(none.consistentPolymath()).isNull();
    assertThat(none.consistentStrict()).isNull();
    var off = AnswerScorer.score("<think>" + DE + "</think>\\boxed{18}", "18", null, "de", false);
    assertThat(off.thinkingLang()).isNull();
    assertThat(off.thinkingTargetShare()).isNull();
    assertThat(off.consistentXreasoning()).isNull();
  }
}
