package org.polyreason.udfs.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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

  /**
   * For each BMP character, the id in {@link #STARTING} of the alternation of the phrases that can
   * start with it, or -1: found once per JVM by asking each phrase whether the one-character input
   * matches or could begin a match ({@link Matcher#hitEnd}).
   */
  private static final short[] FIRST = new short[Character.MAX_VALUE + 1];

  private static final Pattern[] STARTING;

  /**
   * The (first, second) character pairs a phrase can start with, by {@link #pairKey} of the first
   * character's id in {@link #FIRST}.
   */
  private static final BitSet PAIRS = new BitSet();

  private static int pairKey(int firstId, char second) {
    return firstId << 16 | second;
  }

  static {
    Arrays.fill(FIRST, (short) -1);
    List<Pattern> phrases =
        BY_LANG.values().stream()
            .flatMap(List::stream)
            .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
            .toList();
    Map<List<Integer>, Short> ids = new LinkedHashMap<>();
    Matcher any = ANY.matcher("");
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String one = String.valueOf((char) c);
      if (Character.isSurrogate((char) c) || !couldStart(any.reset(one))) {
        continue;
      }
      List<Integer> which = new ArrayList<>();
      for (int i = 0; i < phrases.size(); i++) {
        if (couldStart(phrases.get(i).matcher(one))) {
          which.add(i);
        }
      }
      FIRST[c] = ids.computeIfAbsent(which, w -> (short) ids.size());
    }
    STARTING = new Pattern[ids.size()];
    // the characters a phrase may have second: those written in the phrases, their other case,
    // and what \\s matches; a pair (first, second) is kept when some phrase can start with it
    Set<Character> seconds = new HashSet<>(List.of(' ', '\t', '\n', '\u000B', '\f', '\r'));
    for (Pattern p : phrases) {
      for (char c : p.pattern().toCharArray()) {
        seconds.add(c);
        seconds.add(Character.toLowerCase(c));
        seconds.add(Character.toUpperCase(c));
      }
    }
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (FIRST[c] < 0) {
        continue;
      }
      for (char d : seconds) {
        if (couldStart(any.reset("" + (char) c + d))) {
          PAIRS.set(pairKey(FIRST[c], d));
        }
      }
    }
    ids.forEach(
        (which, id) ->
            STARTING[id] =
                Pattern.compile(
                    which.stream()
                        .map(i -> "(?:" + phrases.get(i).pattern() + ")")
                        .collect(Collectors.joining("|")),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
  }

  private static boolean couldStart(Matcher m) {
    return m.lookingAt() || m.hitEnd();
  }

  /**
   * The ends of the phrase matches in {@code text} from {@code from} on, in order: the matches of
   * {@code ANY.matcher(text).region(from, …).find()} (leftmost, non-overlapping), but only
   * positions whose first two characters can start a phrase are tried, and there only the phrases
   * starting with that character, so a scan costs little more than reading the characters.
   */
  static List<Integer> ends(String text, int from) {
    List<Integer> out = new ArrayList<>();
    Matcher[] matchers = new Matcher[STARTING.length];
    int last = text.length() - 1;
    for (int pos = from; pos < last; ) {
      char c = text.charAt(pos);
      int id = FIRST[c];
      if (id >= 0 && PAIRS.get(pairKey(id, text.charAt(pos + 1)))) {
        Matcher m = matchers[id];
        if (m == null) {
          m = STARTING[id].matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
          matchers[id] = m;
        }
        if (m.region(pos, text.length()).lookingAt()) {
          out.add(m.end());
          pos = Math.max(m.end(), pos + 1);
          continue;
        }
      }
      pos++;
    }
    return out;
  }

  private AnswerPhrases() {}
}
