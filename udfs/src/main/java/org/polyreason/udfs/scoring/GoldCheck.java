package org.polyreason.udfs.scoring;

/**
 * Finds reference answers that are malformed as written upstream, so {@code ingest} can report them
 * with file and line instead of an executor meeting them: unbalanced {@code $} (an odd count, or a
 * {@code $} inside the answer, as in {@code $b \geq $-\frac{2}{3}$}), unbalanced braces, or {@code
 * \right\]} (a display-math delimiter where a bracket belongs). A well-formed gold that the engine
 * reads only as text ({@link #isText}: sums, floors of logs…) is compared as normalised text.
 */
public final class GoldCheck {

  /** {@link #type} of a gold that {@link #problem} rejects. */
  public static final String MALFORMED = "malformed";

  private GoldCheck() {}

  /**
   * The gold's canonical text (presentation removed: {@code $}, spacing, {@code \\left}, {@code
   * \\dfrac}, thousands marks), which {@code ingest} stores and {@code score} parses once per
   * problem.
   */
  public static String canonical(String gold) {
    return gold == null ? null : AnswerValue.Cleaning.clean(gold);
  }

  /**
   * The typed value's kind: number, expression, tuple, interval, set, list, relation, matrix,
   * choice, text, or {@value #MALFORMED}.
   */
  public static String type(String gold) {
    if (problem(gold) != null) {
      return MALFORMED;
    }
    AnswerValue v = AnswerValue.parse(gold);
    if (v instanceof AnswerValue.Scalar s) {
      return Expr.vars(s.expr()).isEmpty() ? "number" : "expression";
    }
    if (v instanceof AnswerValue.Seq s) {
      return s.open() == ' '
          ? "list"
          : s.open() == '{' ? "set" : s.open() == '(' && s.close() == ')' ? "tuple" : "interval";
    }
    return v instanceof AnswerValue.Relation
        ? "relation"
        : v instanceof AnswerValue.Matrix
            ? "matrix"
            : v instanceof AnswerValue.Choice ? "choice" : "text";
  }

  /** What is wrong with {@code gold}, or null when it parses to a typed value. */
  public static String problem(String gold) {
    if (gold == null || gold.isBlank()) {
      return "empty answer";
    }
    String g = gold.strip().replace("\\$", "");
    int dollars = g.length() - g.replace("$", "").length();
    if (dollars % 2 == 1) {
      return "odd number of $";
    }
    if (g.contains("\\right\\]") || g.contains("\\left\\[") || g.contains("\\right\\)")) {
      return "display-math delimiter used as \\left/\\right bracket";
    }
    int depth = 0;
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '\\' && i + 1 < g.length()) {
        i++;
        continue;
      }
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (depth < 0) {
        return "unbalanced braces";
      }
    }
    if (depth != 0) {
      return "unbalanced braces";
    }
    return AnswerValue.parse(gold) == null ? "empty answer" : null;
  }

  /** True when {@code gold} is well formed but reads only as text (compared as normalised text). */
  public static boolean isText(String gold) {
    return hasText(AnswerValue.parse(gold));
  }

  private static boolean hasText(AnswerValue v) {
    if (v instanceof AnswerValue.Text) {
      return true;
    }
    if (v instanceof AnswerValue.Seq s) {
      return s.items().stream().anyMatch(GoldCheck::hasText);
    }
    if (v instanceof AnswerValue.Relation r) {
      return r.sides().stream().anyMatch(GoldCheck::hasText);
    }
    if (v instanceof AnswerValue.Matrix m) {
      return m.rows().stream().flatMap(java.util.List::stream).anyMatch(GoldCheck::hasText);
    }
    return false;
  }
}
