package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LanguageShareTest {

  @Test
  void scriptTargetsCountTheirOwnLettersOverAllLetters() {
    // 4 Cyrillic letters, 4 Latin letters; digits, maths and punctuation do not count
    assertThat(LanguageShare.of("мама papa 12 + $x^2$ = \\boxed{7}.", "ru"))
        .isCloseTo(0.5, offset(1e-12));
    assertThat(LanguageShare.of("これは日本語です", "ja")).isEqualTo(1.0);
    // Han alone is Chinese; kana is not
    assertThat(LanguageShare.of("我们来算一下", "zh")).isEqualTo(1.0);
    assertThat(LanguageShare.of("これは", "zh")).isEqualTo(0.0);
    assertThat(LanguageShare.of("এটি বাংলা", "bn")).isEqualTo(1.0);
  }

  @Test
  void latinTargetsAreDecidedPerWindowByTheDetector() {
    String en =
        "Let me think about this problem step by step. Janet has sixteen eggs and she eats three "
            + "of them every morning, then she bakes muffins with four more eggs for her friends. ";
    String de =
        "Lass mich über dieses Problem Schritt für Schritt nachdenken. Janet hat sechzehn Eier und "
            + "sie isst jeden Morgen drei davon, dann backt sie Muffins mit vier weiteren Eiern. ";
    assertThat(LanguageShare.of(en.repeat(4), "en")).isEqualTo(1.0);
    assertThat(LanguageShare.of(en.repeat(4), "de")).isEqualTo(0.0);
    // Half German, half English text (each part several windows long)
    double mixed = LanguageShare.of(en.repeat(6) + de.repeat(6), "de");
    assertThat(mixed).isBetween(0.35, 0.65);
    // Thai letters in an English target never count
    assertThat(LanguageShare.of("ภาษาไทยล้วนๆ ภาษาไทยล้วนๆ ภาษาไทย", "en")).isEqualTo(0.0);
  }

  @Test
  void shortLatinTextCountsForALatinTargetAndNoLettersGiveNull() {
    assertThat(LanguageShare.of("The answer is", "en")).isEqualTo(1.0);
    assertThat(LanguageShare.of("\\boxed{18}", "en")).isNull();
    assertThat(LanguageShare.of(null, "en")).isNull();
    assertThat(LanguageShare.of("text", "xx")).isNull();
  }
}
