package org.polyreason.udfs.scoring;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer parsed once into a typed value, which {@link ValueEquivalence} compares.
 *
 * <p>{@link #parse} reads, in order: several answers ({@code ;}, {@code or}, {@code and}, top-level
 * commas, {@code \cup}, {@code \pm}) as a {@link Seq} with open = ' '; a relation or equation
 * ({@code = < > \le \ge \ne}, chains too; {@code x \in S} is S); a bracketed tuple, interval or set
 * ({@code (a,b)}, {@code [a,b)}, {@code \{a,b\}}); a matrix ({@code pmatrix bmatrix matrix array});
 * a choice letter ({@code A}, {@code (A)}, {@code \text{(A)}}); a {@link Scalar} expression (units
 * and words after a number dropped when that is what makes it parse); else {@link Text}.
 */
public sealed interface AnswerValue {

  /** One expression (a number, numeric LaTeX or a symbolic expression). */
  record Scalar(Expr expr) implements AnswerValue {}

  /**
   * A tuple {@code ( )}, an interval ({@code [ )} …), a set {@code { }} or several answers (' ' '
   * ').
   */
  record Seq(char open, char close, List<AnswerValue> items) implements AnswerValue {
    boolean isList() {
      return open == ' ' || open == '{';
    }
  }

  /** {@code sides[0] ops[0] sides[1] ops[1] …}; ops are {@code = < > ≤ ≥ ≠}. */
  record Relation(List<AnswerValue> sides, List<Character> ops) implements AnswerValue {}

  record Matrix(List<List<AnswerValue>> rows) implements AnswerValue {}

  record Choice(char letter) implements AnswerValue {}

  /** Lower case, accents and whitespace removed. */
  record Text(String text) implements AnswerValue {}

  /** Longest answer parsed; longer ones are text (a response is extracted before it gets here). */
  int MAX_CHARS = 2000;

  /**
   * The value of a reference answer of a benchmark's {@code kind} ({@code choice} makes a lone
   * letter a choice whatever its case); null for a blank one.
   */
  static AnswerValue parseGold(String raw, String kind) {
    AnswerValue v = parse(raw);
    if ("choice".equals(kind)
        && v instanceof Scalar s
        && s.expr() instanceof Expr.Var var
        && var.name().length() == 1) {
      return new Choice(Character.toUpperCase(var.name().charAt(0)));
    }
    return v;
  }

  /** The value of an answer, or null for a blank one. */
  static AnswerValue parse(String raw) {
    if (raw == null) {
      return null;
    }
    String t = Cleaning.clean(raw);
    if (t.isEmpty()) {
      return null;
    }
    if (t.length() > MAX_CHARS) {
      return new Text(Cleaning.text(t));
    }
    return Parsing.value(t, 0);
  }

  /** Cleaning of presentation; shared with the extractor. */
  final class Cleaning {
    private static final Pattern TEXT_CMD =
        Pattern.compile(
            "\\\\(?:text|textbf|textit|textnormal|textrm|mathrm|mathbf|mathit|mbox|operatorname|mathsf)\\s*\\{([^{}]*)\\}");

    /**
     * Thousands marked in LaTeX ({@code 11,\\!111}, {@code 14{,}916}); a bare {@code 12,102} may be
     * a pair.
     */
    private static final Pattern THOUSANDS =
        Pattern.compile("(?<=\\d)\\s?(?:,\\s*\\\\!\\s*|\\{\\s*,\\s*\\})(?=\\d{3}(?!\\d))");

    private static final Pattern DEGREES =
        Pattern.compile("\\^\\s*\\{?\\s*\\\\circ\\s*\\}?|°|\\\\degree");
    private static final Pattern GROUPED =
        Pattern.compile("[+-]?\\d{1,3}(?:[ ,]\\d{3})+(?:\\.\\d+)?");

    private Cleaning() {}

    static String clean(String raw) {
      String t = NumberNormalizer.toAsciiDigits(raw);
      t =
          t.replace("\\$", " ")
              .replace("$", " ")
              .replace("\\(", " ")
              .replace("\\)", " ")
              .replace("\\[", " ")
              .replace("\\]", " ")
              .replace("\\displaystyle", " ")
              .replace("\\left.", "")
              .replace("\\right.", "")
              .replace("\\left", "")
              .replace("\\right", "")
              .replace("\\bigl", "")
              .replace("\\bigr", "");
      t = THOUSANDS.matcher(t).replaceAll("");
      t = Rx.replaceAll(t, "\\{\\s*,\\s*\\}", ",");
      t =
          Rx.replaceAll(
                  t.replace("\\!", "").replace("\\,", " ").replace("\\;", " ").replace("\\:", " "),
                  "(?<!\\\\)\\\\ ",
                  " ")
              .replace("\\qquad", " ")
              .replace("\\quad", " ")
              .replace('~', ' ');
      for (int i = 0; i < 4 && t.contains("{"); i++) {
        String before = t;
        t = TEXT_CMD.matcher(t).replaceAll(m -> Matcher.quoteReplacement(" " + m.group(1) + " "));
        if (t.equals(before)) {
          break;
        }
      }
      t =
          DEGREES
              .matcher(t)
              .replaceAll(" ")
              .replace("\\%", " ")
              .replace("%", " ")
              .replace("\\dfrac", "\\frac")
              .replace("\\tfrac", "\\frac")
              .replace("\\cfrac", "\\frac")
              .replace("\\leqslant", "≤")
              .replace("\\geqslant", "≥")
              .replace("\\leq", "≤")
              .replace("\\geq", "≥")
              .replace("\\neq", "≠")
              .replace("\\ne", "≠")
              .replace("\\le", "≤")
              .replace("\\ge", "≥")
              .replace("\\lt", "<")
              .replace("\\gt", ">")
              .replace("<=", "≤")
              .replace(">=", "≥")
              .replace("!=", "≠")
              .replace("==", "=")
              .replace("\\approx", "≈")
              .replace("×", "\\times ")
              .replace("÷", "\\div ")
              .replace("·", "\\cdot ")
              .replace("\\cdotp", "\\cdot")
              .replace("\\infty", "∞")
              .replace("\\varnothing", "∅")
              .replace("\\emptyset", "∅");
      t = Rx.replaceAll(t, "\\s+", " ").strip();
      while (t.endsWith(".") || t.endsWith(",") || t.endsWith(";")) {
        t = t.substring(0, t.length() - 1).strip();
      }
      if (Rx.matches(t, "[+-]?0,\\d+") || Rx.matches(t, "[+-]?\\d+,(?:\\d{2}|\\d{4,})")) {
        t = t.replace(',', '.'); // 0,111 and 1000,99: a decimal comma, never a thousands group
      } else if (GROUPED.matcher(t).matches()) {
        t = t.replace(",", "").replace(" ", "");
      }
      return t;
    }

    /** Text comparison form: lower case, no accents, no whitespace, no braces. */
    static String text(String s) {
      String n = Rx.replaceAll(Normalizer.normalize(s, Normalizer.Form.NFD), "\\p{M}", "");
      return Rx.replaceAll(n.toLowerCase(Locale.ROOT), "[\\s{}]", "");
    }
  }

  /** The recursive reading of a cleaned answer. */
  final class Parsing {
    private static final Pattern CHOICE = Pattern.compile("\\(?([A-Z])\\)?");
    private static final Pattern UNIT_WORDS =
        Pattern.compile("(?<![\\\\\\p{L}])\\p{L}{2,}(?:-\\p{L}+)*\\.?(?:\\^\\d)?|\\p{Sc}");
    private static final Pattern MATRIX =
        Pattern.compile(
            "^[(\\[]?\\s*\\\\begin\\{([pbvB]?matrix|array)\\}(?:\\{[lcr|]*\\})?(.*)\\\\end\\{\\1\\}\\s*[)\\]]?$",
            Pattern.DOTALL);
    private static final int MAX_DEPTH = 12;
    private static final Pattern WORD_SEPARATOR =
        Pattern.compile(",?\\s+(?:or|and)\\s+|(?<=[)\\]}])\\s*(?:or|and)\\s*(?=[(\\[{])");
    private static final Pattern SHORT_UNIT =
        Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)\\s+\\p{L}\\.?");
    private static final Pattern WORDS = Pattern.compile("(?<![\\\\\\p{L}])\\p{L}{2,}|\\p{Sc}");

    private Parsing() {}

    static AnswerValue value(String t, int depth) {
      t = t.strip();
      if (t.isEmpty() || depth > MAX_DEPTH) {
        return t.isEmpty() ? null : new Text(Cleaning.text(t));
      }
      int approx = topLevel(t, "≈");
      if (approx > 0) {
        // x ≈ 11 is 11; x = 1/3 ≈ 0.33 is x = 1/3
        String left = t.substring(0, approx).strip();
        boolean bareLabel = Rx.matches(left, "[A-Za-z](?:_\\{?\\w+\\}?)?");
        t = bareLabel ? t.substring(approx + 1).strip() : left;
      }
      List<String> semi = split(t, ";");
      if (semi.size() >= 2) {
        List<AnswerValue> items = new ArrayList<>();
        for (String p : semi) {
          AnswerValue v = value(p, depth + 1);
          if (v != null) {
            items.add(v);
          }
        }
        return new Seq(' ', ' ', items);
      }
      List<String> parts = splitWords(t);
      if (parts.size() < 2) {
        parts = split(t, ",");
      }
      if (parts.size() < 2) {
        parts = split(t, "\\cup");
      }
      if (parts.size() >= 2) {
        List<AnswerValue> items = new ArrayList<>();
        for (String p : parts) {
          AnswerValue v = value(p, depth + 1);
          if (v instanceof Seq s && s.open() == ' ') {
            items.addAll(s.items());
          } else if (v != null) {
            items.add(v);
          }
        }
        return new Seq(' ', ' ', items);
      }
      int pm = topLevel(t, "\\pm");
      if (pm >= 0) {
        String a = t.substring(0, pm) + "+" + t.substring(pm + 3);
        String b = t.substring(0, pm) + "-" + t.substring(pm + 3);
        return new Seq(' ', ' ', List.of(value(a, depth + 1), value(b, depth + 1)));
      }
      int in = topLevel(t, "\\in ");
      if (in >= 0) {
        return value(t.substring(in + 4), depth + 1);
      }
      Relation rel = relation(t, depth);
      if (rel != null) {
        return rel;
      }
      Matcher mx = MATRIX.matcher(t);
      if (mx.matches()) {
        return matrix(mx.group(2), depth);
      }
      Seq bracketed = bracketed(t, depth);
      if (bracketed != null) {
        return bracketed.items().size() == 1 && bracketed.open() != '{'
            ? bracketed.items().get(0)
            : bracketed;
      }
      Matcher ch = CHOICE.matcher(t);
      if (ch.matches()) {
        return new Choice(ch.group(1).charAt(0));
      }
      Expr e = null;
      Matcher shortUnit = SHORT_UNIT.matcher(t);
      if (shortUnit.matches()) {
        e = ExprParser.parse(shortUnit.group(1)); // "540 m", "5 g": a number and a unit symbol
      }
      if (e == null && Rx.of("\\d").matcher(t).find() && WORDS.matcher(t).find()) {
        // "125 miles", "\\frac{1}{3} meters": a number with units, not a product of letters
        String noUnits =
            Rx.replaceAll(UNIT_WORDS.matcher(t).replaceAll(" "), "[/^]\\s*$", "").strip();
        Expr u = noUnits.isEmpty() ? null : ExprParser.parse(noUnits);
        e = u != null && Expr.vars(u).isEmpty() ? u : null;
      }
      if (e == null) {
        e = ExprParser.parse(t);
      }
      return e != null ? new Scalar(e) : new Text(Cleaning.text(t));
    }

    private static AnswerValue matrix(String body, int depth) {
      List<List<AnswerValue>> rows = new ArrayList<>();
      for (String row : Rx.of("\\\\\\\\").split(body)) {
        if (row.isBlank()) {
          continue;
        }
        List<AnswerValue> cells = new ArrayList<>();
        for (String cell : row.split("&")) {
          cells.add(value(cell, depth + 1));
        }
        rows.add(cells);
      }
      return new Matrix(rows);
    }

    private static Relation relation(String t, int depth) {
      List<AnswerValue> sides = new ArrayList<>();
      List<Character> ops = new ArrayList<>();
      int level = 0;
      int start = 0;
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        level += opens(t, i) ? 1 : closes(t, i) ? -1 : 0;
        if (level == 0 && "=<>≤≥≠".indexOf(c) >= 0) {
          sides.add(value(t.substring(start, i), depth + 1));
          ops.add(c);
          start = i + 1;
        }
      }
      if (ops.isEmpty()) {
        return null;
      }
      sides.add(value(t.substring(start), depth + 1));
      return sides.contains(null) ? null : new Relation(sides, ops);
    }

    private static Seq bracketed(String t, int depth) {
      int open = t.startsWith("\\{") ? 2 : "([{".indexOf(t.charAt(0)) >= 0 ? 1 : 0;
      if (open == 0) {
        return null;
      }
      int close = t.endsWith("\\}") ? 2 : ")]}".indexOf(t.charAt(t.length() - 1)) >= 0 ? 1 : 0;
      if (close == 0 || t.length() < open + close) {
        return null;
      }
      String inner = t.substring(open, t.length() - close);
      if (!balanced(inner)) {
        return null;
      }
      char o = open == 2 ? '{' : t.charAt(0);
      char c = close == 2 ? '}' : t.charAt(t.length() - 1);
      if ((o == '{') != (c == '}')) {
        return null;
      }
      List<String> parts = split(inner, ",");
      if (parts.size() < 2) {
        parts = split(inner, ";");
      }
      List<AnswerValue> items = new ArrayList<>();
      for (String p : parts) {
        AnswerValue v = value(p, depth + 1);
        if (v == null) {
          return null;
        }
        items.add(v);
      }
      if (items.size() == 1 && o != '{' && o != c - (c == ')' ? 1 : 2)) {
        return null; // "(1]" is not one thing
      }
      return new Seq(o, c, items);
    }

    static boolean opens(String t, int i) {
      char c = t.charAt(i);
      return c == '(' || c == '[' || c == '{';
    }

    static boolean closes(String t, int i) {
      char c = t.charAt(i);
      return c == ')' || c == ']' || c == '}';
    }

    private static boolean balanced(String s) {
      int level = 0;
      for (int i = 0; i < s.length(); i++) {
        level += opens(s, i) ? 1 : closes(s, i) ? -1 : 0;
        if (level < 0) {
          return false;
        }
      }
      return level == 0;
    }

    /** Index of {@code token} at bracket level 0, or -1. */
    static int topLevel(String t, String token) {
      int level = 0;
      for (int i = 0; i < t.length(); i++) {
        level += opens(t, i) ? 1 : closes(t, i) ? -1 : 0;
        if (level == 0 && t.startsWith(token, i)) {
          return i;
        }
      }
      return -1;
    }

    /** {@code t} cut at every level-0 {@code sep}; one part when there is none. */
    static List<String> split(String t, String sep) {
      List<String> out = new ArrayList<>();
      int level = 0;
      int start = 0;
      for (int i = 0; i < t.length(); i++) {
        level += opens(t, i) ? 1 : closes(t, i) ? -1 : 0;
        if (level == 0 && t.startsWith(sep, i)) {
          out.add(t.substring(start, i));
          start = i + sep.length();
        }
      }
      out.add(t.substring(start));
      out.removeIf(String::isBlank);
      return out;
    }

    private static List<String> splitWords(String t) {
      return split(WORD_SEPARATOR.matcher(t).replaceAll("\u0001"), "\u0001");
    }
  }
}
