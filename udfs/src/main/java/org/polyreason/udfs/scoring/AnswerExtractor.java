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
 * <ol>
 *   <li>{@code boxed}: the content of the last non-empty {@code \boxed{…}} or {@code \fbox{…}}, with
 *       nested braces matched;
 *   <li>{@code phrase}: after the last localized answer phrase ({@link AnswerPhrases}) that is followed
 *       (after markup such as {@code **} and line breaks) in its sentence, within 80 characters, by a
 *       number or by inline maths: that maths, or the first number (canonical). A phrase whose sentence
 *       runs past that window is a heading ({@code Answer:} over a restated problem) and is skipped;
 *   <li>{@code last_number}: the last number ({@link NumberNormalizer}) in the scope;
 *   <li>{@code none}: nothing found.
 * </ol>
 */
public final class AnswerExtractor {

  public static final String BOXED = "boxed";
  public static final String PHRASE = "phrase";
  public static final String LAST_NUMBER = "last_number";
  public static final String NONE = "none";

  /** An extracted answer (null when rule is {@code none}) and the rule that produced it. */
  public record Extraction(String answer, String rule) {
    static final Extraction EMPTY = new Extraction(null, NONE);

    /** True when an answer was found. */
    public boolean found() {
      return answer != null;
    }
  }

  private static final Pattern BOX = Pattern.compile("\\\\(?:boxed|fbox)\\s*\\{");
  private static final Pattern INLINE_MATH = Pattern.compile("^\\s*(?:\\$\\$?|\\\\\\(|\\\\\\[)(.+?)(?:\\$\\$?|\\\\\\)|\\\\\\])");
  /** Markup between a phrase and its answer ("**Final Answer:**\n18"). */
  private static final Pattern LEAD = Pattern.compile("^[\\s*_#:：]+");
  private static final int PHRASE_WINDOW = 80;
  /** A line break, or a full stop followed by space (so "1.5" does not end a sentence). */
  private static final Pattern SENTENCE_END = Pattern.compile("\\n|(?<=[.!?。！？।])\\s|[。！？।]");

  private AnswerExtractor() {}

  /** Splits {@code text} and extracts from its answer part (or the whole text); null text → {@code none}. */
  public static Extraction extract(String text, String lang) {
    if (text == null) {
      return Extraction.EMPTY;
    }
    ResponseSplitter.Split split = ResponseSplitter.split(text);
    return extractFrom(split.hasAnswerPart() ? split.answer() : text, lang);
  }

  /** Applies the rules to {@code scope} as is, without splitting. */
  public static Extraction extractFrom(String scope, String lang) {
    if (scope == null || scope.isBlank()) {
      return Extraction.EMPTY;
    }
    String boxed = lastBoxed(scope);
    if (boxed != null) {
      NumberNormalizer.Parsed n = AnswerEquivalence.soleNumber(AnswerEquivalence.stripUnits(boxed), lang);
      return new Extraction(n == null ? boxed : n.canonical(), BOXED);
    }
    String phrase = afterPhrase(scope, lang);
    if (phrase != null) {
      return new Extraction(phrase, PHRASE);
    }
    NumberNormalizer.Parsed last = NumberNormalizer.last(scope, lang);
    return last == null ? Extraction.EMPTY : new Extraction(last.canonical(), LAST_NUMBER);
  }

  /** Contents of every {@code \boxed{…}} in order; an unbalanced last box runs to the end of the text. */
  public static List<String> boxedContents(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = BOX.matcher(text);
    int from = 0;
    while (m.find(from)) {
      int depth = 1;
      int i = m.end();
      while (i < text.length() && depth > 0) {
        char c = text.charAt(i++);
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
      }
      out.add(text.substring(m.end(), depth == 0 ? i - 1 : i).strip());
      from = Math.max(i, m.end());
      if (from >= text.length()) {
        break;
      }
    }
    return out;
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
    Matcher m = AnswerPhrases.ANY.matcher(text);
    List<Integer> ends = new ArrayList<>();
    while (m.find()) {
      ends.add(m.end());
    }
    for (int k = ends.size() - 1; k >= 0; k--) {
      String rest = LEAD.matcher(text.substring(ends.get(k), Math.min(text.length(), ends.get(k) + PHRASE_WINDOW)))
          .replaceFirst("");
      String[] sentence = SENTENCE_END.split(rest, 2);
      if (sentence.length < 2 && ends.get(k) + PHRASE_WINDOW < text.length()) {
        continue; // a heading such as "Answer:" over a restated problem, not an answer statement
      }
      String line = sentence[0];
      Matcher math = INLINE_MATH.matcher(line);
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
