package org.polyreason.udfs.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the final answer from a model output.
 *
 * <p>The search scope is the answer part found by {@link ResponseSplitter}, or the whole text when
 * there is none. Rules, first hit wins (the rule name is recorded):
 *
 * <ol>
 *   <li>{@code boxed}: the content of the last non-empty {@code \boxed{…}} or {@code \fbox{…}},
 *       with nested braces matched;
 *   <li>{@code phrase}: after the last localized answer phrase ({@link AnswerPhrases}) that is
 *       followed (after markup such as {@code **} and line breaks) in its sentence, within 80
 *       characters, by a number or by inline maths: that maths, or the first number (canonical). A
 *       phrase whose sentence runs past that window is a heading ({@code Answer:} over a restated
 *       problem) and is skipped;
 *   <li>{@code last_number}: the last number ({@link NumberNormalizer}) in the scope;
 *   <li>{@code none}: nothing found.
 * </ol>
 *
 * <p>Work is bounded by where the answer is, not by the length of the text: the phrase,
 * inline-maths and last-number rules read the last {@value #TAIL} characters of a long scope first
 * (from a line break) and the rest only when the tail yields nothing; boxes are found by {@code
 * indexOf}; no regular expression is run over a whole trace with unbounded backtracking.
 */
public final class AnswerExtractor {

  public static final String BOXED = "boxed";
  public static final String PHRASE = "phrase";
  public static final String LAST_NUMBER = "last_number";
  public static final String INLINE_MATH = "inline_math";
  public static final String WHOLE = "whole";
  public static final String NONE = "none";

  /** An extracted answer (null when rule is {@code none}) and the rule that produced it. */
  public record Extraction(String answer, String rule) {
    static final Extraction EMPTY = new Extraction(null, NONE);

    /** True when an answer was found. */
    public boolean found() {
      return answer != null;
    }
  }

  private static final Pattern PHRASE_MATH =
      Pattern.compile("^\\s*(?:\\$\\$?|\\\\\\(|\\\\\\[)(.+?)(?:\\$\\$?|\\\\\\)|\\\\\\])");

  /** Markup between a phrase and its answer ("**Final Answer:**\n18"). */
  private static final Pattern LEAD = Pattern.compile("^[\\s*_#:：]+");

  private static final int PHRASE_WINDOW = 80;

  /**
   * A response this short with no word in it is its own answer ("1 000", "$x \\geq 5$", "(1,2)").
   */
  static final int WHOLE_MAX = 160;

  private static final Pattern COMMAND = Pattern.compile("\\\\[A-Za-z]+(?:\\{[^{}]*\\})?");
  private static final Pattern WORD = Pattern.compile("(?:\\p{L}\\p{M}*){3,}");
  private static final Pattern ANY_MATH =
      Pattern.compile(
          "\\$\\$([^$]{1,2000}?)\\$\\$|\\$([^$]{1,2000}?)\\$|\\\\\\((.{1,2000}?)\\\\\\)|\\\\\\[(.{1,2000}?)\\\\\\]",
          Pattern.DOTALL);

  /** A box holding more than a number with units: brackets, relations, fractions, roots, powers. */
  private static final Pattern STRUCTURE =
      Pattern.compile("[(\\[=<>^]|\\\\\\{|\\\\(?:[dtc]?frac|sqrt|pm|cup|le|ge)");

  private static final Pattern FRAC_OR_ROOT = Pattern.compile("\\\\(?:[dtc]?frac|sqrt)");

  /** A line break, or a full stop followed by space (so "1.5" does not end a sentence). */
  private static final Pattern SENTENCE_END = Pattern.compile("\\n|(?<=[.!?。！？।])\\s|[。！？।]");

  private AnswerExtractor() {}

  /**
   * Splits {@code text} and extracts from its answer part (or the whole text); null text → {@code
   * none}.
   */
  public static Extraction extract(String text, String lang) {
    if (text == null) {
      return Extraction.EMPTY;
    }
    ResponseSplitter.Split split = ResponseSplitter.split(text);
    return extractFrom(split.hasAnswerPart() ? split.answer() : text, lang);
  }

  /**
   * Applies the rules to {@code scope} as is, without splitting, not knowing the reference answer.
   */
  public static Extraction extractFrom(String scope, String lang) {
    return extractFrom(scope, lang, null);
  }

  /**
   * Applies the rules to {@code scope}; {@code gold} (may be null) selects every box when it has
   * several parts and the choice-letter reading when it is a letter.
   */
  public static Extraction extractFrom(String scope, String lang, AnswerValue gold) {
    if (scope == null || scope.isBlank()) {
      return Extraction.EMPTY;
    }
    boolean multi =
        gold instanceof AnswerValue.Seq
            || gold instanceof AnswerValue.Relation r && r.sides().size() > 2;
    List<String> boxes = scope.contains("box") ? nonEmpty(boxedContents(scope)) : List.of();
    if (!boxes.isEmpty()) {
      String boxed =
          multi && boxes.size() > 1 ? String.join(", ", boxes) : boxes.get(boxes.size() - 1);
      if (!multi && !STRUCTURE.matcher(boxed).find()) {
        NumberNormalizer.Parsed n =
            AnswerEquivalence.soleNumber(AnswerEquivalence.stripUnits(boxed), lang);
        boxed = n == null ? boxed : n.canonical();
      }
      return new Extraction(boxed, BOXED);
    }
    if (gold instanceof AnswerValue.Choice) {
      String letter = ChoiceLetters.find(scope);
      if (letter != null) {
        return new Extraction(letter, PHRASE);
      }
    }
    if (mayBeShort(scope)) {
      String whole = MARKUP.matcher(scope).replaceAll(" ").strip();
      boolean oneMathSpan = ONE_MATH_SPAN.matcher(whole).matches();
      if (whole.length() <= WHOLE_MAX
          && (oneMathSpan || !WORD.matcher(COMMAND.matcher(whole).replaceAll(" ")).find())) {
        return new Extraction(whole, WHOLE);
      }
    }
    String phrase = afterPhrase(scope, lang);
    if (phrase != null) {
      return new Extraction(phrase, PHRASE);
    }
    NumberNormalizer.Parsed last = lastNumber(scope, lang);
    String math = lastInlineMath(scope, last == null ? -1 : last.start());
    if (math != null) {
      return new Extraction(math, INLINE_MATH);
    }
    if (last == null) {
      return Extraction.EMPTY;
    }
    String enclosing = enclosingCommand(scope, last.start());
    return new Extraction(enclosing != null ? enclosing : last.canonical(), LAST_NUMBER);
  }

  private static final Pattern MARKUP = Pattern.compile("\\*\\*|__|^#+");
  private static final Pattern ONE_MATH_SPAN = Pattern.compile("(?s)\\$\\$?[^$]+\\$?\\$");

  /**
   * False when {@code scope} keeps more than {@value #WHOLE_MAX} characters once Markdown markup
   * and blank space are removed (so it cannot be its own answer); stops counting there, so a long
   * scope costs {@value #WHOLE_MAX} characters, not its length.
   */
  static boolean mayBeShort(String scope) {
    int kept = 0;
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c != '*' && c != '_' && c != '#' && !Character.isWhitespace(c) && ++kept > WHOLE_MAX) {
        return false;
      }
    }
    return true;
  }

  /**
   * Characters at the end of a long scope searched first by the phrase, number and inline-maths
   * rules (answers sit at the end); the rest is read only when the tail holds nothing.
   */
  static final int TAIL = 4000;

  /**
   * Where the tail of a long {@code scope} starts: after the first line break (or blank line,
   * {@code paragraph}) in its last {@link #TAIL} characters, so no number or maths span is cut; 0
   * (the whole scope) when the scope is short or has no such break there.
   */
  static int tailStart(String scope, boolean paragraph) {
    if (scope.length() <= TAIL) {
      return 0;
    }
    String brk = paragraph ? "\n\n" : "\n";
    int at = scope.indexOf(brk, scope.length() - TAIL);
    return at < 0 ? 0 : at + brk.length();
  }

  private static List<String> nonEmpty(List<String> all) {
    List<String> out = new ArrayList<>();
    for (String b : all) {
      if (!b.isBlank()) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * The last number not glued to a Latin letter before it (not {@code AZYUK2A}, not {@code x2}).
   */
  static NumberNormalizer.Parsed lastNumber(String scope, String lang) {
    int tail = tailStart(scope, false);
    NumberNormalizer.Parsed p = tail > 0 ? lastNumber(scope, lang, tail) : null;
    return p != null ? p : lastNumber(scope, lang, 0);
  }

  private static NumberNormalizer.Parsed lastNumber(String scope, String lang, int from) {
    List<NumberNormalizer.Parsed> all = NumberNormalizer.findAllFrom(scope, lang, from);
    for (int i = all.size() - 1; i >= 0; i--) {
      int s = all.get(i).start();
      char before = s > 0 ? asciiCharAt(scope, s - 1) : ' ';
      if (!(before < 128 && Character.isLetter(before))) {
        return all.get(i);
      }
    }
    return null;
  }

  /** The character at {@code i} as {@link NumberNormalizer#toAsciiDigits} would make it. */
  private static char asciiCharAt(String s, int i) {
    return NumberNormalizer.toAsciiDigits(String.valueOf(s.charAt(i))).charAt(0);
  }

  /**
   * The content of the last inline maths ({@code $…$}, {@code $$…$$}, {@code \(…\)}, {@code \[…\]})
   * when it reaches past {@code lastNumberStart} (so it holds or follows the last number); else
   * null.
   */
  static String lastInlineMath(String scope, int lastNumberStart) {
    int tail = tailStart(scope, true);
    if (tail > 0) {
      String found = lastInlineMath(scope, lastNumberStart, tail);
      if (found != null) {
        return found;
      }
    }
    return lastInlineMath(scope, lastNumberStart, 0);
  }

  private static String lastInlineMath(String scope, int lastNumberStart, int from) {
    if (scope.indexOf('$', from) < 0
        && scope.indexOf("\\(", from) < 0
        && scope.indexOf("\\[", from) < 0) {
      return null;
    }
    Matcher m = ANY_MATH.matcher(scope).region(from, scope.length());
    String found = null;
    int end = -1;
    int guard = 0;
    while (m.find() && guard++ < 10_000) {
      String body =
          m.group(1) != null
              ? m.group(1)
              : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      // "$5 and $6" are dollars, not maths: a body with words in it is not an answer
      if (body != null
          && !body.isBlank()
          && !WORD.matcher(COMMAND.matcher(body).replaceAll(" ")).find()) {
        found = body.strip();
        end = m.end();
      }
    }
    return found != null && end > lastNumberStart ? found : null;
  }

  /**
   * The whole {@code \frac{…}{…}} or {@code \sqrt{…}} (with a sign before it) around offset; else
   * null.
   */
  static String enclosingCommand(String scope, int offset) {
    // a fraction or root enclosing the number starts at most MAX_ENCLOSING characters before it
    Matcher m =
        FRAC_OR_ROOT
            .matcher(scope)
            .region(Math.max(0, offset - MAX_ENCLOSING), scope.length())
            .useTransparentBounds(true);
    String found = null;
    while (m.find()) {
      if (m.start() > offset) {
        break;
      }
      int end = m.end();
      int args = m.group().contains("frac") ? 2 : 1;
      for (int a = 0; a < args; a++) {
        while (end < scope.length() && scope.charAt(end) == ' ') {
          end++;
        }
        if (end < scope.length() && scope.charAt(end) == '[' && a == 0 && args == 1) {
          int close = scope.indexOf(']', end);
          end = close < 0 ? scope.length() : close + 1;
        }
        if (end < scope.length() && scope.charAt(end) == '{') {
          int depth = 0;
          int i = end;
          do {
            char c = scope.charAt(i++);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
          } while (i < scope.length() && depth > 0);
          end = i;
        } else if (end < scope.length()) {
          end++;
        }
      }
      if (offset < end) {
        int start = m.start();
        if (start > 0 && scope.charAt(start - 1) == '-') {
          start--;
        }
        found = scope.substring(start, end);
      }
    }
    return found;
  }

  private static final int MAX_ENCLOSING = 2000;

  /**
   * Contents of every {@code \boxed{…}} in order; an unbalanced last box runs to the end of the
   * text.
   */
  public static List<String> boxedContents(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    int open;
    // \fbox is rare: once a search finds none, later ones skip it (no rescan per box)
    boolean[] noFbox = {false};
    while ((open = nextBox(text, from, noFbox)) >= 0) {
      int depth = 1;
      int i = open;
      while (i < text.length() && depth > 0) {
        char c = text.charAt(i++);
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
      }
      out.add(text.substring(open, depth == 0 ? i - 1 : i).strip());
      from = Math.max(i, open);
      if (from >= text.length()) {
        break;
      }
    }
    return out;
  }

  /**
   * Offset just after the brace of the next {@code \boxed \{} or {@code \fbox \{} at or after
   * {@code from} (spacing allowed before the brace), else -1; plain {@code indexOf} scans.
   */
  private static int nextBox(String text, int from, boolean[] noFbox) {
    while (true) {
      int b = text.indexOf("\\boxed", from);
      int f = noFbox[0] ? -1 : text.indexOf("\\fbox", from);
      noFbox[0] = f < 0;
      int at = b < 0 ? f : f < 0 ? b : Math.min(b, f);
      if (at < 0) {
        return -1;
      }
      int i = at + (at == b ? "\\boxed".length() : "\\fbox".length());
      while (i < text.length() && isRegexSpace(text.charAt(i))) {
        i++;
      }
      if (i < text.length() && text.charAt(i) == '{') {
        return i + 1;
      }
      from = at + 1;
    }
  }

  /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  static String lastBoxed(String text) {
    if (!text.contains("box")) {
      return null;
    }
    List<String> all = boxedContents(text);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (!all.get(i).isEmpty()) {
        return all.get(i);
      }
    }
    return null;
  }

  static String afterPhrase(String text, String lang) {
    int tail = tailStart(text, false);
    String found = tail > 0 ? afterPhrase(text, lang, tail) : null;
    return found != null ? found : afterPhrase(text, lang, 0);
  }

  private static String afterPhrase(String text, String lang, int from) {
    List<Integer> ends = AnswerPhrases.ends(text, from);
    for (int k = ends.size() - 1; k >= 0; k--) {
      int end = ends.get(k);
      String rest =
          LEAD.matcher(text.substring(end, Math.min(text.length(), end + PHRASE_WINDOW)))
              .replaceFirst("");
      String[] sentence = SENTENCE_END.split(rest, 2);
      if (sentence.length < 2 && end + PHRASE_WINDOW < text.length()) {
        continue; // a heading such as "Answer:" over a restated problem, not an answer statement
      }
      String line = sentence[0];
      Matcher math = PHRASE_MATH.matcher(line);
      if (math.find() && !math.group(1).isBlank()) {
        return math.group(1).strip();
      }
      NumberNormalizer.Parsed p = NumberNormalizer.first(line, lang);
      if (p != null) {
        return p.canonical();
      }
    }
    return null;
  }
}
