package org.polyreason.udfs.scoring;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.polyreason.udfs.language.Language;
import org.polyreason.udfs.language.LanguageTable;

/**
 * Localized "the answer is" phrases for the 18 PolyMath languages ({@link LanguageTable}).
 *
 * <p>Every phrase is tried whatever the expected language, because models often switch to English
 * (or to the question language) for the last sentence. The phrases end where the answer starts, so
 * the extractor reads the answer from the text right after a match.
 */
final class AnswerPhrases {

  /** Phrase regexes per ISO 639-1 code (matched case-insensitively, Unicode-aware). */
  static final Map<String, List<String>> BY_LANG = LanguageTable.column(Language::answerPhrases);

  /** One alternation of every phrase; a match's end is where the answer starts. */
  static final Pattern ANY =
      Pattern.compile(
          BY_LANG.values().stream()
              .flatMap(List::stream)
              .map(p -> "(?:" + p + ")")
              .collect(Collectors.joining("|")),
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private AnswerPhrases() {}
}
