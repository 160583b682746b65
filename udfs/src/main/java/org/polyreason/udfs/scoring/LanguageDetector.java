package org.polyreason.udfs.scoring;

import org.polyreason.udfs.language.LatinDetector;
import org.polyreason.udfs.language.Scripts;
import org.polyreason.udfs.language.TextProfile;

/**
 * Detects the natural language of a model's reasoning or answer and returns its ISO 639-1 code.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>One pass over the whole text ({@link TextProfile}) counts its letters per script, skipping
 *       chat control tokens, code blocks, {@code \boxed{…}}, display and inline maths, LaTeX
 *       command names and URLs, and keeps a bounded sample ({@value TextProfile#WINDOWS} windows of
 *       {@value TextProfile#WINDOW} characters spread from start to end).
 *   <li>Fewer than {@value #MIN_LETTERS} letters → {@value #UNKNOWN}.
 *   <li>When non-Latin letters are the majority, the script decides: Bengali→bn, Telugu→te,
 *       Thai→th, Devanagari→hi, Arabic→ar, Hangul→ko, Cyrillic→ru, Han with Hiragana/Katakana (at
 *       least 5% of the CJK letters)→ja, Han alone→zh.
 *   <li>Otherwise {@link LatinDetector} (trigrams of the Latin-script candidates en de es fr id it
 *       ms pt sw vi) decides on the sample windows together; too few trigrams → {@value #UNKNOWN}.
 * </ol>
 *
 * Pure and thread-safe; the trigram models load once per JVM.
 */
public final class LanguageDetector {

  public static final String UNKNOWN = "unknown";
  static final int MIN_LETTERS = 20;

  private LanguageDetector() {}

  /**
   * ISO 639-1 code of {@code text}'s language, {@value #UNKNOWN} when undecidable; null in → null
   * out.
   */
  public static String detect(String text) {
    return text == null ? null : detectProfile(TextProfile.of(text));
  }

  /** The language of a profiled text (see the class comment). */
  public static String detectProfile(TextProfile p) {
    if (p.total() < MIN_LETTERS) {
      return UNKNOWN;
    }
    if (p.letters(Scripts.LATIN) * 2 >= p.total()) {
      String best = p.latinLanguage();
      return best == null ? UNKNOWN : best;
    }
    return byScript(p);
  }

  private static String byScript(TextProfile p) {
    int kana = p.letters(Scripts.HIRAGANA) + p.letters(Scripts.KATAKANA);
    int cjk = kana + p.letters(Scripts.HAN);
    int best = Scripts.NONE;
    int bestCount = -1;
    for (int id = Scripts.NONE + 1; id < Scripts.COUNT; id++) {
      if (id == Scripts.LATIN) {
        continue;
      }
      int n =
          id == Scripts.HAN || id == Scripts.HIRAGANA || id == Scripts.KATAKANA
              ? cjk
              : p.letters(id);
      if (n > bestCount) {
        bestCount = n;
        best = id;
      }
    }
    return switch (best) {
      case Scripts.BENGALI -> "bn";
      case Scripts.TELUGU -> "te";
      case Scripts.THAI -> "th";
      case Scripts.DEVANAGARI -> "hi";
      case Scripts.ARABIC -> "ar";
      case Scripts.HANGUL -> "ko";
      case Scripts.CYRILLIC -> "ru";
      case Scripts.HAN, Scripts.HIRAGANA, Scripts.KATAKANA -> kana * 20 >= cjk ? "ja" : "zh";
      default -> UNKNOWN;
    };
  }
}
