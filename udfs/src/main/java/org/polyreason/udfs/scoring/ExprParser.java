package org.polyreason.udfs.scoring;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Recursive-descent parser from cleaned LaTeX ({@link AnswerValue#clean}) to an {@link Expr}.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/' | ':' | implicit) power)*     implicit: 2\pi, 3x, 2(3+1), xy
 * unary   := ('-' | '+') unary | power
 * power   := postfix ('^' exponent)?                         right-associative
 * postfix := atom '!'*
 * atom    := number | (expr) | {expr} | [expr] | |expr| | \frac a b | \sqrt[n] a | \binom a b
 *          | \sin a … | \pi | \infty | e | letter ('_' sub)? | \command
 * </pre>
 *
 * A single digit or letter is a whole argument ({@code \frac12}, {@code \sqrt3}). Nesting deeper
 * than {@value #MAX_DEPTH} fails the parse, so no input can overflow the stack. Returns null for
 * anything else.
 */
public final class ExprParser {

  static final int MAX_DEPTH = 100;
  private static final Set<String> FUNCTIONS =
      Set.of(
          "sin", "cos", "tan", "sec", "csc", "cot", "ln", "log", "lg", "exp", "arcsin", "arccos",
          "arctan");

  /** Commands that cannot start a factor (so they end an implicit product). */
  private static final Set<String> NOT_ATOMS =
      Set.of(
          "cdot",
          "times",
          "div",
          "rfloor",
          "rceil",
          "end",
          "cup",
          "cap",
          "in",
          "pm",
          "mp",
          "approx",
          "to",
          "rightarrow",
          "quad",
          "qquad");

  private static final class Fail extends RuntimeException {
    Fail() {
      super(null, null, false, false);
    }
  }

  private final String s;
  private int pos;
  private int depth;

  private ExprParser(String s) {
    this.s = s;
  }

  /** The expression of {@code text}, or null when it is not one complete expression. */
  public static Expr parse(String text) {
    if (text == null || text.isBlank() || text.length() > 5000) {
      return null;
    }
    ExprParser p = new ExprParser(text);
    try {
      Expr e = p.expr();
      p.skip();
      return p.pos == p.s.length() ? e : null;
    } catch (Fail | ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw new Fail();
    }
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

  private void expect(char c) {
    if (!eat(c)) {
      throw new Fail();
    }
  }

  /** The command name at pos ({@code \frac} → "frac") without consuming it; null when none. */
  private String peekCommand() {
    skip();
    if (pos >= s.length() || s.charAt(pos) != '\\') {
      return null;
    }
    int e = pos + 1;
    while (e < s.length() && Character.isLetter(s.charAt(e))) {
      e++;
    }
    return e == pos + 1 ? null : s.substring(pos + 1, e);
  }

  private Expr expr() {
    enter();
    Expr v = term();
    while (true) {
      if (eat('+')) {
        v = new Expr.Bin('+', v, term());
      } else if (eat('-')) {
        v = new Expr.Bin('-', v, term());
      } else {
        depth--;
        return v;
      }
    }
  }

  private Expr term() {
    Expr v = unary();
    while (true) {
      String cmd = peekCommand();
      if (eat('*') || "cdot".equals(cmd) || "times".equals(cmd)) {
        if (cmd != null) {
          pos += cmd.length() + 1;
        }
        v = new Expr.Bin('*', v, unary());
      } else if (eat('/') || eat(':') || "div".equals(cmd)) {
        if ("div".equals(cmd)) {
          pos += 4;
        }
        v = new Expr.Bin('/', v, unary());
      } else if (startsAtom()) {
        v = new Expr.Bin('*', v, power());
      } else {
        return v;
      }
    }
  }

  private boolean startsAtom() {
    skip();
    if (pos >= s.length()) {
      return false;
    }
    char c = s.charAt(pos);
    if (Character.isLetterOrDigit(c) || c == '(' || c == '{' || c == '.' || c == '∞' || c == 'π') {
      return true;
    }
    String cmd = peekCommand();
    return cmd != null && !NOT_ATOMS.contains(cmd);
  }

  private Expr unary() {
    enter();
    Expr r;
    if (eat('-')) {
      r = new Expr.Neg(unary());
    } else if (eat('+')) {
      r = unary();
    } else {
      r = power();
    }
    depth--;
    return r;
  }

  private Expr power() {
    Expr base = postfix();
    if (eat('^')) {
      enter();
      Expr exp = eat('-') ? new Expr.Neg(arg()) : arg();
      depth--;
      return new Expr.Bin('^', base, exp);
    }
    return base;
  }

  private Expr postfix() {
    Expr a = atom();
    while (pos < s.length() && s.charAt(pos) == '!') {
      pos++;
      a = new Expr.Fn("fact", a);
    }
    return a;
  }

  /** A braced group, or a single digit or letter, or an atom. */
  private Expr arg() {
    skip();
    if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
      return new Expr.Lit(Rational.of(s.charAt(pos++) - '0'), 0);
    }
    if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
      return letter();
    }
    return atom();
  }

  private Expr atom() {
    enter();
    Expr r = atomInner();
    depth--;
    return r;
  }

  private Expr atomInner() {
    skip();
    if (pos >= s.length()) {
      throw new Fail();
    }
    char c = s.charAt(pos);
    if (Character.isDigit(c) || c == '.') {
      return number();
    }
    if (c == '(' || c == '{' || c == '[') {
      pos++;
      Expr v = expr();
      expect(c == '(' ? ')' : c == '{' ? '}' : ']');
      return v;
    }
    if (c == '|') {
      pos++;
      Expr v = expr();
      expect('|');
      return new Expr.Fn("abs", v);
    }
    if (Character.isLetter(c) || c == '∞' || c == 'π') {
      return letter();
    }
    String cmd = peekCommand();
    if (cmd == null) {
      throw new Fail();
    }
    pos += cmd.length() + 1;
    switch (cmd) {
      case "frac", "dfrac", "tfrac", "cfrac" -> {
        Expr n = arg();
        return new Expr.Bin('/', n, arg());
      }
      case "sqrt" -> {
        if (eat('[')) {
          Expr idx = expr();
          expect(']');
          return new Expr.Root(idx, arg());
        }
        return new Expr.Fn("sqrt", arg());
      }
      case "pi" -> {
        return new Expr.Const("pi");
      }
      case "lfloor", "lceil" -> {
        Expr v = expr();
        String close = peekCommand();
        if (!(cmd.equals("lfloor") ? "rfloor" : "rceil").equals(close)) {
          throw new Fail();
        }
        pos += close.length() + 1;
        return new Expr.Fn(cmd.equals("lfloor") ? "floor" : "ceil", v);
      }
      case "log" -> {
        if (eat('_')) {
          Expr base = arg();
          Expr x = eat('(') ? closeParen() : power();
          return new Expr.Bin('/', new Expr.Fn("ln", x), new Expr.Fn("ln", base));
        }
        Expr pow = eat('^') ? arg() : null;
        Expr f = new Expr.Fn("log", eat('(') ? closeParen() : power());
        return pow == null ? f : new Expr.Bin('^', f, pow);
      }
      case "infty", "infin" -> {
        return new Expr.Const("inf");
      }
      case "exp" -> {
        return new Expr.Bin('^', new Expr.Const("e"), arg());
      }
      default -> {
        if (FUNCTIONS.contains(cmd)) {
          Expr pow = null;
          if (eat('^')) {
            pow = arg();
          }
          Expr f = new Expr.Fn(cmd, eat('(') ? closeParen() : power());
          return pow == null ? f : new Expr.Bin('^', f, pow);
        }
        return subscript(new StringBuilder("\\").append(cmd)); // \alpha, \zzz: a symbol
      }
    }
  }

  private Expr closeParen() {
    Expr v = expr();
    expect(')');
    return v;
  }

  private Expr letter() {
    char c = s.charAt(pos++);
    if (c == 'e' && !(pos < s.length() && s.charAt(pos) == '_')) {
      return new Expr.Const("e");
    }
    if (c == 'π') {
      return new Expr.Const("pi");
    }
    if (c == '∞') {
      return new Expr.Const("inf");
    }
    return subscript(new StringBuilder().append(c));
  }

  private Expr subscript(StringBuilder name) {
    if (pos < s.length() && s.charAt(pos) == '_') {
      pos++;
      skip();
      if (pos < s.length() && s.charAt(pos) == '{') {
        int close = s.indexOf('}', pos);
        if (close < 0) {
          throw new Fail();
        }
        name.append('_').append(s.substring(pos + 1, close).replace(" ", ""));
        pos = close + 1;
      } else if (pos < s.length()) {
        name.append('_').append(s.charAt(pos++));
      }
    }
    return new Expr.Var(name.toString());
  }

  private Expr number() {
    int start = pos;
    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
      pos++;
    }
    if (pos < s.length()
        && s.charAt(pos) == '.'
        && pos + 1 < s.length()
        && Character.isDigit(s.charAt(pos + 1))) {
      pos++;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
    }
    String lit = s.substring(start, pos);
    if (lit.isEmpty() || lit.equals(".") || lit.length() > 2000) {
      throw new Fail();
    }
    BigDecimal d = new BigDecimal(lit.startsWith(".") ? "0" + lit : lit);
    return new Expr.Lit(Rational.of(d), Math.max(0, d.scale()));
  }
}
