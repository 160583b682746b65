package org.polyreason.udfs.scoring;

import org.polyreason.udfs.language.Scripts;
import org.polyreason.udfs.language.TextProfile;

/**
 * Share of a text's letters written in a target language, in [0, 1] (DeepSeek-R1's language
 * consistency reward is the share of the chain of thought in the target language); the {@code
 * thinking_target_share} of the scores and the language shares of the rewards.
 *
 * <p>Formulas, maths, code, digits and punctuation do not count ({@link TextProfile}). Then:
 *
 * <ul>
 *   <li>Targets with their own script (ar bn ja ko ru te th zh): letters of that script (ja: Han,
 *       Hiragana and Katakana; zh: Han) over all letters of the whole text, counted in one pass.
 *   <li>Latin-script targets (de en es fr id it ms pt sw vi): each of the profile's sample windows
 *       (spread from start to end) is given to the trigram detector; the text's Latin letters count
 *       for the target in the proportion of the sampled Latin letters whose window was detected as
 *       the target. Windows too short for a decision do not vote; when none decides, Latin letters
 *       count for the target.
 * </ul>
 *
 * A text without letters has no share: null. Pure and thread-safe.
 */
public final class LanguageShare {

  private LanguageShare() {}

  /** True when {@code target} (ISO 639-1) is a language this class can measure. */
  public static boolean supports(String target) {
    return Scripts.ofLanguage(target) != null;
  }

  /**
   * Share of {@code text}'s letters in {@code target}; null when the text or target is null, the
   * target is unknown, or the text has no letters.
   */
  public static Double of(String text, String target) {
    return text == null || !supports(target) ? null : ofProfile(TextProfile.of(text), target);
  }

  /** The share of a profiled text; null when the target is unknown or the text has no letters. */
  public static Double ofProfile(TextProfile p, String target) {
    int[] scripts = Scripts.ofLanguage(target);
    if (scripts == null || p.total() == 0) {
      return null;
    }
    if (scripts[0] != Scripts.LATIN) {
      return (double) p.lettersOf(target) / p.total();
    }
    return p.letters(Scripts.LATIN) * latinFraction(p, target) / p.total();
  }

  /**
   * Of the sampled Latin letters in windows the detector decided, the share in windows detected as
   * {@code target}; 1 when no window decided.
   */
  static double latinFraction(TextProfile p, String target) {
    long decided = 0;
    long hit = 0;
    for (int w = 0; w < p.windowCount(); w++) {
      String lang = p.windowLanguage(w);
      if (lang != null) {
        decided += p.windowLatin(w);
        hit += lang.equals(target) ? p.windowLatin(w) : 0;
      }
    }
    return decided == 0 ? 1.0 : (double) hit / decided;
  }

  /**
   * True when every letter of the profiled text is in {@code target}: no letter of another script,
   * and for a Latin target no sample window detected as another language. False without letters.
   */
  static boolean onlyTarget(TextProfile p, String target) {
    if (p.total() == 0 || p.lettersOf(target) != p.total()) {
      return false;
    }
    if (Scripts.ofLanguage(target)[0] != Scripts.LATIN) {
      return true;
    }
    for (int w = 0; w < p.windowCount(); w++) {
      String lang = p.windowLanguage(w);
      if (lang != null && !lang.equals(target)) {
        return false;
      }
    }
    return true;
  }
}
