package org.polyreason.udfs.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a predicted answer equals a reference answer.
 *
 * <p>By the reference's kind ({@link GoldAnswer}):
 *
 * <ul>
 *   <li>{@code choice}: the first stand-alone letter A–J of the prediction against the reference
 *       letter;
 *   <li>{@code integer}, {@code decimal}, {@code fraction}: numeric values; integers must match
 *       exactly (up to floating-point noise of 1e-9 relative), other numbers within a relative
 *       tolerance of {@value #REL_TOL};
 *   <li>{@code latex}: equal after {@link #cleanLatex} and whitespace removal; otherwise tuples and
 *       intervals element-wise (bracket types must agree); otherwise both sides evaluated by {@link
 *       LatexEvaluator} and compared numerically.
 * </ul>
 *
 * The result is {@link Verdict#UNDECIDABLE} when the prediction (or a LaTeX reference) cannot be
 * read as a value of the needed kind and the strings differ; scoring counts that as wrong.
 */
public final class AnswerEquivalence {

  /** The outcome of a comparison. */
  public enum Verdict {
    CORRECT,
    WRONG,
    UNDECIDABLE
  }

  public static final double REL_TOL = 1e-6;
  private static final double INT_TOL = 1e-9;

  private static final Pattern TEXT_CMD =
      Pattern.compile("\\\\(?:text|textbf|mathrm|mbox|operatorname)\\s*\\{([^{}]*)\\}");
  private static final Pattern UNIT_WORD =
      Pattern.compile("(?<![\\\\\\p{L}])\\p{L}{2,}(?:-\\p{L}+)*\\.?");
  private static final Pattern CHOICE =
      Pattern.compile("(?<![A-Za-z])\\(?([A-Ja-j])\\)?(?![A-Za-z])");
  private static final Pattern LHS = Pattern.compile("^[a-zA-Z](?:_\\{?\\w+\\}?)?\\s*=\\s*");

  private AnswerEquivalence() {}

  /**
   * Compares {@code pred} with {@code gold} (kind: ignored except as documentation of the gold).
   */
  public static Verdict judge(String pred, String gold, String kind) {
    if (pred == null || gold == null || pred.isBlank()) {
      return Verdict.UNDECIDABLE;
    }
    return judge(pred, AnswerValue.parseGold(gold, kind), gold);
  }

  /** Compares {@code pred} with a reference answer parsed once ({@link AnswerValue#parse}). */
  public static Verdict judge(String pred, AnswerValue gold, String goldText) {
    if (pred == null || pred.isBlank() || gold == null) {
      return Verdict.UNDECIDABLE;
    }
    String p = AnswerValue.Cleaning.clean(pred);
    if (goldText != null && compact(p).equals(compact(AnswerValue.Cleaning.clean(goldText)))) {
      return Verdict.CORRECT;
    }
    if (gold instanceof AnswerValue.Choice c) {
      String letter = ChoiceLetters.find(pred);
      return letter == null
          ? Verdict.UNDECIDABLE
          : letter.charAt(0) == c.letter() ? Verdict.CORRECT : Verdict.WRONG;
    }
    return ValueEquivalence.compare(AnswerValue.parse(pred), gold);
  }

  /**
   * Splits a tuple or interval into its bracket pair (element 0, e.g. {@code "[)"}) and its
   * elements; null when {@code s} is not bracketed or has no top-level comma.
   */
  static List<String> elements(String s) {
    String t = s.strip();
    if (t.length() < 2
        || "([".indexOf(t.charAt(0)) < 0
        || ")]".indexOf(t.charAt(t.length() - 1)) < 0) {
      return null;
    }
    List<String> out = new ArrayList<>();
    out.add("" + t.charAt(0) + t.charAt(t.length() - 1));
    int depth = 0;
    int start = 1;
    for (int i = 1; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      depth += "([{".indexOf(c) >= 0 ? 1 : ")]}".indexOf(c) >= 0 ? -1 : 0;
      if (depth < 0) {
        return null;
      }
      if (c == ',' && depth == 0) {
        out.add(t.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(t.substring(start, t.length() - 1).strip());
    return out.size() > 2 ? out : null;
  }

  /**
   * The numeric value of a plain number or numeric LaTeX expression, units and currency ignored;
   * else null.
   */
  static Double scalar(String raw) {
    String s = Rx.replaceAll(stripUnits(raw), "(?<=\\d),(?=\\d{3}(?!\\d))", "");
    Double v = LatexEvaluator.evaluate(s);
    if (v != null) {
      return v;
    }
    NumberNormalizer.Parsed only = soleNumber(s, null);
    return only == null ? null : only.value();
  }

  /**
   * {@link #cleanLatex}, then drops a leading {@code x =}, unit words, currency, percent and
   * degrees.
   */
  static String stripUnits(String raw) {
    String s = LHS.matcher(cleanLatex(raw)).replaceFirst("");
    return Rx.replaceAll(
            UNIT_WORD.matcher(s).replaceAll(" "), "[\\p{Sc}%°]|\\^\\s*\\{?\\\\circ\\}?|\\\\%", " ")
        .strip();
  }

  /** The number when {@code s} holds exactly one number and nothing else but spacing; else null. */
  static NumberNormalizer.Parsed soleNumber(String s, String lang) {
    List<NumberNormalizer.Parsed> nums = NumberNormalizer.findAll(s, lang);
    if (nums.size() != 1) {
      return null;
    }
    String rest = NumberNormalizer.toAsciiDigits(s);
    rest = rest.substring(0, nums.get(0).start()) + rest.substring(nums.get(0).end());
    return Rx.replaceAll(rest, "[\\s.,:;!?{}()]", "").isEmpty() ? nums.get(0) : null;
  }

  /**
   * Removes LaTeX presentation: {@code $}, {@code \left}/{@code \right}, spacing commands, {@code
   * \displaystyle}, {@code \text{…}} wrappers (kept content), and maps {@code \dfrac}/{@code
   * \tfrac} to {@code \frac}.
   */
  public static String cleanLatex(String s) {
    String t =
        Rx.replaceAll(
            NumberNormalizer.toAsciiDigits(s)
                .replace("\\$", "$")
                .replace("$", "")
                .replace("\\left", "")
                .replace("\\right", "")
                .replace("\\displaystyle", "")
                .replace("\\dfrac", "\\frac")
                .replace("\\tfrac", "\\frac")
                .replace("{,}", ","),
            "\\\\[,;:! ]|\\\\q?quad|~",
            " ");
    t = TEXT_CMD.matcher(t).replaceAll(m -> Matcher.quoteReplacement(" " + m.group(1) + " "));
    t = t.strip();
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }

  private static String compact(String s) {
    // x^{2} and x^2 are the same; so are \frac{1}{2} written with or without spaces.
    return Rx.replaceAll(Rx.replaceAll(s, "\\s+", ""), "([\\^_])\\{([^{}])\\}", "$1$2")
        .toLowerCase(Locale.ROOT);
  }
}
