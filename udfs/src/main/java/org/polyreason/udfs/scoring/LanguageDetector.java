package org.polyreason.udfs.scoring;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Detects the natural language of a model's reasoning or answer and returns its ISO 639-1 code.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>Long texts are sampled: the first, middle and last {@value #CHUNK} characters, which bounds
 *       cost on 100k-character traces while still seeing a language switch in the middle.
 *   <li>Stripped: chat control tokens, code blocks, {@code \boxed{…}}, display and inline maths,
 *       LaTeX commands, digits and punctuation, so formulas do not vote.
 *   <li>Fewer than {@value #MIN_LETTERS} letters → {@value #UNKNOWN}.
 *   <li>Letters are counted per Unicode script. When non-Latin letters are the majority, the script
 *       decides: Bengali→bn, Telugu→te, Thai→th, Devanagari→hi, Arabic→ar, Hangul→ko, Cyrillic→ru,
 *       Han with Hiragana/Katakana (at least 5% of the CJK letters)→ja, Han alone→zh.
 *   <li>Otherwise lingua decides among the Latin-script candidates en de es fr id it ms pt sw vi,
 *       on at most {@value #LINGUA_CHARS} characters of the stripped sample (lingua's cost grows
 *       with length and a few hundred letters are plenty). The detector is built once per JVM,
 *       lazily, in low-accuracy mode unless {@code -Dpolyreason.lingua.high-accuracy=true}; the s1
 *       benchmark ({@code ScoringBenchmark}) measured both.
 * </ol>
 */
public final class LanguageDetector {

  public static final String UNKNOWN = "unknown";
  static final int CHUNK = 1000;
  static final int MIN_LETTERS = 20;

  private static final Pattern NOISE =
      Pattern.compile(
          "<\\|[^|]*\\|>|```.*?```|\\\\boxed\\s*\\{[^{}]*}|\\$\\$.*?\\$\\$|\\$[^$\\n]*\\$|\\\\\\[.*?\\\\]|\\\\\\(.*?\\\\\\)"
              + "|\\\\[a-zA-Z]+|https?://\\S+|[\\p{N}\\p{P}\\p{S}]",
          Pattern.DOTALL);

  /**
   * System property that selects lingua's high-accuracy mode ({@code true}); default low accuracy.
   */
  public static final String HIGH_ACCURACY_PROPERTY = "polyreason.lingua.high-accuracy";

  /** Characters of Latin-script letters given to lingua (three equal slices of a longer text). */
  static final int LINGUA_CHARS = 900;

  /**
   * Lazily built lingua detector; the holder idiom makes the build thread-safe and once per JVM.
   */
  private static final class Lingua {
    static final com.github.pemistahl.lingua.api.LanguageDetector DETECTOR = build();

    private static com.github.pemistahl.lingua.api.LanguageDetector build() {
      var builder =
          LanguageDetectorBuilder.fromLanguages(
              Language.ENGLISH,
              Language.GERMAN,
              Language.SPANISH,
              Language.FRENCH,
              Language.INDONESIAN,
              Language.ITALIAN,
              Language.MALAY,
              Language.PORTUGUESE,
              Language.SWAHILI,
              Language.VIETNAMESE);
      return (Boolean.getBoolean(HIGH_ACCURACY_PROPERTY) ? builder : builder.withLowAccuracyMode())
          .build();
    }
  }

  private LanguageDetector() {}

  /**
   * ISO 639-1 code of {@code text}'s language, {@value #UNKNOWN} when undecidable; null in → null
   * out.
   */
  public static String detect(String text) {
    if (text == null) {
      return null;
    }
    String letters = NOISE.matcher(sample(text)).replaceAll(" ");
    Map<Character.UnicodeScript, Integer> counts = new EnumMap<>(Character.UnicodeScript.class);
    int total = 0;
    for (int i = 0; i < letters.length(); ) {
      int cp = letters.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        counts.merge(Character.UnicodeScript.of(cp), 1, Integer::sum);
        total++;
      }
    }
    if (total < MIN_LETTERS) {
      return UNKNOWN;
    }
    int latin = counts.getOrDefault(Character.UnicodeScript.LATIN, 0);
    if (latin * 2 >= total) {
      return latin(letters);
    }
    return byScript(counts);
  }

  /** The first, middle and last {@link #CHUNK} characters of a long text, else the text itself. */
  static String sample(String text) {
    if (text.length() <= 3 * CHUNK) {
      return text;
    }
    int mid = text.length() / 2 - CHUNK / 2;
    return text.substring(0, CHUNK)
        + "\n"
        + text.substring(mid, mid + CHUNK)
        + "\n"
        + text.substring(text.length() - CHUNK);
  }

  private static String byScript(Map<Character.UnicodeScript, Integer> counts) {
    Character.UnicodeScript best = null;
    int bestCount = -1;
    int kana =
        counts.getOrDefault(Character.UnicodeScript.HIRAGANA, 0)
            + counts.getOrDefault(Character.UnicodeScript.KATAKANA, 0);
    int cjk = kana + counts.getOrDefault(Character.UnicodeScript.HAN, 0);
    for (var e : counts.entrySet()) {
      int n =
          switch (e.getKey()) {
            case LATIN -> -1;
            case HAN, HIRAGANA, KATAKANA -> cjk;
            default -> e.getValue();
          };
      if (n > bestCount) {
        bestCount = n;
        best = e.getKey();
      }
    }
    return switch (best) {
      case BENGALI -> "bn";
      case TELUGU -> "te";
      case THAI -> "th";
      case DEVANAGARI -> "hi";
      case ARABIC -> "ar";
      case HANGUL -> "ko";
      case CYRILLIC -> "ru";
      case HAN, HIRAGANA, KATAKANA -> kana * 20 >= cjk ? "ja" : "zh";
      default -> UNKNOWN;
    };
  }

  private static String latin(String letters) {
    String text = letters.replaceAll("\\s+", " ");
    if (text.length() > LINGUA_CHARS) {
      int third = LINGUA_CHARS / 3;
      int mid = text.length() / 2 - third / 2;
      text =
          text.substring(0, third)
              + " "
              + text.substring(mid, mid + third)
              + " "
              + text.substring(text.length() - third);
    }
    Language lang = Lingua.DETECTOR.detectLanguageOf(text);
    return lang == Language.UNKNOWN
        ? UNKNOWN
        : lang.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
  }
}
