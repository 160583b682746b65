package org.polyreason.udfs.scoring;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Share of a text's letters written in a target language, in [0, 1] (DeepSeek-R1's language
 * consistency reward is the share of the chain of thought in the target language).
 *
 * <p>Formulas, maths, code, digits and punctuation are removed first so they do not vote. Then:
 *
 * <ul>
 *   <li>Targets with their own script (bn te th hi ar ko ru ja zh): letters of that script (ja:
 *       Han, Hiragana and Katakana; zh: Han) over all letters.
 *   <li>Latin-script targets (en de es fr id it ms pt sw vi): the text is cut into windows of about
 *       {@value #WINDOW} characters (at most {@value #MAX_WINDOWS}, evenly spread over a long text,
 *       which bounds the cost); each window is given to {@link LanguageDetector#detect} (lingua
 *       restricted to the Latin candidates). The Latin letters of windows detected as the target
 *       count for it; a window too short for the detector counts for the target when it is written
 *       in Latin script.
 * </ul>
 *
 * A text without letters has no share: null. Pure and thread-safe.
 */
public final class LanguageShare {
  static final int WINDOW = 300;
  static final int MAX_WINDOWS = 12;

  private static final Pattern NOISE =
      Pattern.compile(
          "<\\|[^|]*\\|>|</?think>|```.*?```|\\\\boxed\\s*\\{[^{}]*}|\\$\\$.*?\\$\\$|\\$[^$\\n]*\\$"
              + "|\\\\\\[.*?\\\\]|\\\\\\(.*?\\\\\\)|\\\\[a-zA-Z]+|https?://\\S+|[\\p{N}\\p{P}\\p{S}]",
          Pattern.DOTALL);

  private static final Map<String, Set<Character.UnicodeScript>> SCRIPTS =
      Map.of(
          "bn", Set.of(Character.UnicodeScript.BENGALI),
          "te", Set.of(Character.UnicodeScript.TELUGU),
          "th", Set.of(Character.UnicodeScript.THAI),
          "hi", Set.of(Character.UnicodeScript.DEVANAGARI),
          "ar", Set.of(Character.UnicodeScript.ARABIC),
          "ko", Set.of(Character.UnicodeScript.HANGUL),
          "ru", Set.of(Character.UnicodeScript.CYRILLIC),
          "ja",
              Set.of(
                  Character.UnicodeScript.HAN,
                  Character.UnicodeScript.HIRAGANA,
                  Character.UnicodeScript.KATAKANA),
          "zh", Set.of(Character.UnicodeScript.HAN));

  /** Latin-script languages the detector can tell apart. */
  static final Set<String> LATIN =
      Set.of("en", "de", "es", "fr", "id", "it", "ms", "pt", "sw", "vi");

  private LanguageShare() {}

  /** True when {@code target} (ISO 639-1) is a language this class can measure. */
  public static boolean supports(String target) {
    return target != null && (SCRIPTS.containsKey(target) || LATIN.contains(target));
  }

  /**
   * Share of {@code text}'s letters in {@code target}; null when the text or target is null, the
   * target is unknown, or the text has no letters.
   */
  public static Double of(String text, String target) {
    if (text == null || !supports(target)) {
      return null;
    }
    String letters = NOISE.matcher(text).replaceAll(" ");
    Set<Character.UnicodeScript> script = SCRIPTS.get(target);
    if (script != null) {
      long total = 0;
      long hit = 0;
      for (int i = 0; i < letters.length(); ) {
        int cp = letters.codePointAt(i);
        i += Character.charCount(cp);
        if (Character.isLetter(cp)) {
          total++;
          if (script.contains(Character.UnicodeScript.of(cp))) {
            hit++;
          }
        }
      }
      return total == 0 ? null : (double) hit / total;
    }
    return latinShare(letters.replaceAll("\\s+", " ").strip(), target);
  }

  private static Double latinShare(String text, String target) {
    int windows = Math.max(1, text.length() / WINDOW);
    int step = windows <= MAX_WINDOWS ? 1 : windows / MAX_WINDOWS;
    long total = 0;
    long hit = 0;
    for (int w = 0, used = 0; w < windows && used < MAX_WINDOWS; w += step, used++) {
      int from = w * WINDOW;
      int to = w == windows - 1 ? text.length() : (w + 1) * WINDOW;
      String window = text.substring(from, to);
      int letters = 0;
      int latin = 0;
      for (int i = 0; i < window.length(); ) {
        int cp = window.codePointAt(i);
        i += Character.charCount(cp);
        if (Character.isLetter(cp)) {
          letters++;
          if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
            latin++;
          }
        }
      }
      total += letters;
      if (letters == 0) {
        continue;
      }
      String detected =
          letters < LanguageDetector.MIN_LETTERS ? null : LanguageDetector.detect(window);
      boolean isTarget =
          detected == null || LanguageDetector.UNKNOWN.equals(detected)
              ? latin * 2 > letters
              : detected.equals(target);
      if (isTarget) {
        hit += latin;
      }
    }
    return total == 0 ? null : (double) hit / total;
  }
}
