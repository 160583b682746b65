package org.polyreason.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.polyreason.inference.ReasoningLanguages;
import org.polyreason.jobs.report.ReportFonts;
import org.polyreason.udfs.language.Language;
import org.polyreason.udfs.language.LanguageTable;
import org.polyreason.udfs.scoring.NumberNormalizer;

/**
 * Every per-language fact is keyed on {@link LanguageTable}: each per-language map of the code base
 * covers exactly the supported languages, and each row is complete.
 */
class LanguageTableTest {
  static final List<String> POLYMATH =
      List.of(
          "ar", "bn", "de", "en", "es", "fr", "id", "it", "ja", "ko", "ms", "pt", "ru", "sw", "te",
          "th", "vi", "zh");

  @Test
  void theTableHoldsTheEighteenPolyMathLanguagesOnceEach() {
    assertThat(LanguageTable.ALL).extracting(Language::code).containsExactlyElementsOf(POLYMATH);
    assertThat(LanguageTable.codes()).containsExactlyElementsOf(POLYMATH);
  }

  @Test
  void everyPerLanguageMapCoversExactlyTheSupportedLanguages() {
    assertThat(Languages.codes()).as("common.Languages").containsExactlyElementsOf(POLYMATH);
    assertThat(ReasoningLanguages.DEFAULT.keySet())
        .as("forcing sentences")
        .containsExactlyInAnyOrderElementsOf(POLYMATH);
    assertThat(ReasoningLanguages.withOverrides(java.util.Map.of()).languages())
        .containsExactlyElementsOf(POLYMATH);
    // Subsets keyed on the table: every code they name is supported.
    assertThat(POLYMATH).as("MGSM languages").containsAll(Languages.MGSM);
    assertThat(NumberNormalizer.COMMA_DECIMAL)
        .containsExactlyInAnyOrder("de", "es", "fr", "id", "it", "pt", "ru", "vi");
    assertThat(NumberNormalizer.SPACE_GROUPING)
        .containsExactlyInAnyOrder("de", "es", "fr", "it", "pt", "ru");
    assertThat(ReportFonts.PREFERRED)
        .as("report fonts")
        .containsAll(LanguageTable.column(Language::font).values());
  }

  @Test
  void everyRowIsCompleteAndItsAnswerPhrasesCompile() {
    for (Language l : LanguageTable.ALL) {
      assertThat(List.of(l.name(), l.endonym(), l.forcingSentence(), l.font()))
          .as(l.code())
          .allMatch(v -> !v.isBlank());
      assertThat(l.answerPhrases()).as("answer phrases of %s", l.code()).isNotEmpty();
      l.answerPhrases()
          .forEach(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
      assertThat(Languages.fromName(l.name())).as(l.name()).contains(l.code());
      assertThat(
              l.forcingSentence()
                  .codePoints()
                  .filter(Character::isLetter)
                  .anyMatch(c -> Character.UnicodeScript.of(c) == l.script()))
          .as("script of %s", l.code())
          .isTrue();
    }
  }
}
