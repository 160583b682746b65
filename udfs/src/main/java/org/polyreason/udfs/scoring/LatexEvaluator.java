package org.polyreason.udfs.scoring;

/**
 * A small recursive-descent evaluator for numeric LaTeX expressions.
 *
 * <p>Grammar (whitespace ignored):
 *
 * <pre>
 * expr   := term (('+' | '-') term)*
 * term   := unary (('*' | '/' | implicit) unary)*      implicit: 2\pi, 3\sqrt{2}, 2(3+1)
 * unary  := ('-' | '+') unary | power
 * power  := atom ('^' unary)?
 * atom   := number | '(' expr ')' | '{' expr '}' | '[' expr ']' | \frac arg arg | \sqrt['[' expr ']'] arg | \pi
 * arg    := '{' expr '}' | digit | atom                    (\frac12 is 1/2)
 * </pre>
 *
 * {@code \cdot} and {@code \times} multiply, {@code \div} divides. Callers remove {@code $}, {@code
 * \left}/{@code \right}, spacing and text first ({@link AnswerEquivalence#cleanLatex}). Anything
 * else (variables, sets, other commands) makes the expression non-numeric.
 */
public final class LatexEvaluator {

  private final String s;
  private int pos;

  private LatexEvaluator(String s) {
    this.s = s;
  }

  /** The value of {@code expr}, or null when it is not a finite numeric expression. */
  public static Double evaluate(String expr) {
    if (expr == null || expr.isBlank()) {
      return null;
    }
    LatexEvaluator p =
        new LatexEvaluator(
            expr.replace("\\cdot", "*")
                .replace("\\times", "*")
                .replace("\\div", "/")
                .replace('×', '*')
                .replace('÷', '/')
                .replace('·', '*')
                .replace("\\dfrac", "\\frac")
                .replace("\\tfrac", "\\frac"));
    Double v = p.expr();
    p.skip();
    return v != null && p.pos == p.s.length() && Double.isFinite(v) ? v : null;
  }

  private void skip() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private boolean eat(char c) {
    skip();
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean eatWord(String w) {
    skip();
    if (s.startsWith(w, pos)
        && (pos + w.length() >= s.length() || !Character.isLetter(s.charAt(pos + w.length())))) {
      pos += w.length();
      return true;
    }
    return false;
  }

  private Double expr() {
    Double v = term();
    while (v != null) {
      if (eat('+')) {
        v = plus(v, term(), 1);
      } else if (eat('-')) {
        v = plus(v, term(), -1);
      } else {
        return v;
      }
    }
    return null;
  }

  private static Double plus(double a, Double b, int sign) {
    return b == null ? null : a + sign * b;
  }

  private Double term() {
    Double v = unary();
    while (v != null) {
      if (eat('*')) {
        Double r = unary();
        v = r == null ? null : v * r;
      } else if (eat('/')) {
        Double r = unary();
        v = r == null ? null : v / r;
      } else if (startsAtom()) {
        Double r = power();
        v = r == null ? null : v * r;
      } else {
        return v;
      }
    }
    return null;
  }

  private boolean startsAtom() {
    skip();
    if (pos >= s.length()) {
      return false;
    }
    char c = s.charAt(pos);
    return Character.isDigit(c)
        || c == '('
        || c == '{'
        || c == '.'
        || s.startsWith("\\frac", pos)
        || s.startsWith("\\sqrt", pos)
        || s.startsWith("\\pi", pos);
  }

  private Double unary() {
    if (eat('-')) {
      Double v = unary();
      return v == null ? null : -v;
    }
    if (eat('+')) {
      return unary();
    }
    return power();
  }

  private Double power() {
    Double base = atom();
    if (base != null && eat('^')) {
      Double exp = unaryArg();
      return exp == null ? null : Math.pow(base, exp);
    }
    return base;
  }

  private Double unaryArg() {
    skip();
    if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
      return (double) (s.charAt(pos++) - '0');
    }
    return eat('-') ? negate(arg()) : arg();
  }

  private static Double negate(Double v) {
    return v == null ? null : -v;
  }

  private Double atom() {
    skip();
    if (pos >= s.length()) {
      return null;
    }
    char c = s.charAt(pos);
    if (Character.isDigit(c) || c == '.') {
      int start = pos;
      while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      String number = s.substring(start, pos);
      int dot = number.indexOf('.');
      boolean valid =
          number.length() > (dot >= 0 ? 1 : 0) && (dot < 0 || number.indexOf('.', dot + 1) < 0);
      return valid ? Double.valueOf(number) : null; // "1.2.3" and "." are not numbers
    }
    for (char[] pair : new char[][] {{'(', ')'}, {'{', '}'}, {'[', ']'}}) {
      if (eat(pair[0])) {
        Double v = expr();
        return eat(pair[1]) ? v : null;
      }
    }
    if (eatWord("\\frac")) {
      Double num = arg();
      Double den = num == null ? null : arg();
      return den == null ? null : num / den;
    }
    if (eatWord("\\sqrt")) {
      Double index = 2.0;
      if (eat('[')) {
        index = expr();
        if (index == null || !eat(']')) {
          return null;
        }
      }
      Double radicand = arg();
      return radicand == null ? null : Math.pow(radicand, 1.0 / index);
    }
    if (eatWord("\\pi") || eat('π')) {
      return Math.PI;
    }
    return null;
  }

  private Double arg() {
    skip();
    if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
      return (double) (s.charAt(pos++) - '0');
    }
    return atom();
  }
}
