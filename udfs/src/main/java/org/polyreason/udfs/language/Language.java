package org.polyreason.udfs.language;

import java.util.List;

/**
 * One supported language, with everything polyreason knows about it; the rows are in {@link
 * LanguageTable}.
 *
 * @param code ISO 639-1
 * @param name English name
 * @param endonym the name in the language itself (report labels)
 * @param script the script of its letters ({@code ja}: Hiragana, which tells it from Chinese)
 * @param commaDecimal "2,5" is two and a half (so "2,125" is not 2125 by itself)
 * @param spaceGrouping "2 125" (also with a no-break or thin space) groups thousands
 * @param answerPhrases "the answer is" regexes (case-insensitive); a match ends where the answer
 *     starts
 * @param forcingSentence written after {@code <think>}: "I will think step by step in
 *     &lt;language&gt;"
 * @param font the Noto family that has its glyphs (Debian fonts-noto-core, fonts-noto-cjk)
 */
public record Language(
    String code,
    String name,
    String endonym,
    Character.UnicodeScript script,
    boolean commaDecimal,
    boolean spaceGrouping,
    List<String> answerPhrases,
    String forcingSentence,
    String font) {

  public Language {
    answerPhrases = List.copyOf(answerPhrases);
  }
}
