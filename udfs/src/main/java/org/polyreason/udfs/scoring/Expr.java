package org.polyreason.udfs.scoring;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed mathematical expression ({@link ExprParser}) and its evaluation: exact ({@link
 * Rational}) while every step is rational, else in doubles. Evaluation is bounded: integer powers
 * stay exact only up to {@link Rational#MAX_BITS}, factorials up to 1000, so no input makes it run
 * long.
 */
public sealed interface Expr {

  /** A value: {@code exact} when known exactly, {@code approx} always (NaN when undefined). */
  record Num(Rational exact, double approx) {
    static Num of(Rational r) {
      return r == null ? null : new Num(r, r.toDouble());
    }

    static Num approx(double d) {
      return Double.isNaN(d) ? null : new Num(null, d);
    }
  }

  /**
   * A number as written; {@code decimals} is its count of digits after the decimal mark (0 if
   * none).
   */
  record Lit(Rational value, int decimals) implements Expr {}

  /** {@code \pi}, {@code e}, {@code \infty}. */
  record Const(String name) implements Expr {}

  /** A variable or an unknown symbol (a letter, {@code x_1}, {@code \alpha}). */
  record Var(String name) implements Expr {}

  record Neg(Expr a) implements Expr {}

  /** {@code op} is one of {@code + - * / ^}. */
  record Bin(char op, Expr a, Expr b) implements Expr {}

  /**
   * A function of one argument: sqrt, sin, cos, tan, sec, csc, cot, ln, log, exp, abs, fact, and
   * arc-.
   */
  record Fn(String name, Expr arg) implements Expr {}

  /** The n-th root. */
  record Root(Expr index, Expr arg) implements Expr {}

  /** The free variables of {@code e}. */
  static Set<String> vars(Expr e) {
    Set<String> out = new TreeSet<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, Set<String> out) {
    if (e instanceof Var v) {
      out.add(v.name());
    } else if (e instanceof Neg n) {
      collect(n.a(), out);
    } else if (e instanceof Bin b) {
      collect(b.a(), out);
      collect(b.b(), out);
    } else if (e instanceof Fn f) {
      collect(f.arg(), out);
    } else if (e instanceof Root r) {
      collect(r.index(), out);
      collect(r.arg(), out);
    }
  }

  /** Smallest count of decimals of any decimal literal in {@code e}; -1 when it has none. */
  static int decimals(Expr e) {
    if (e instanceof Lit l) {
      return l.decimals() > 0 ? l.decimals() : -1;
    } else if (e instanceof Neg n) {
      return decimals(n.a());
    } else if (e instanceof Bin b) {
      return minPositive(decimals(b.a()), decimals(b.b()));
    } else if (e instanceof Fn f) {
      return decimals(f.arg());
    } else if (e instanceof Root r) {
      return minPositive(decimals(r.index()), decimals(r.arg()));
    }
    return -1;
  }

  private static int minPositive(int a, int b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /**
   * The value of {@code e} with {@code env} bound to its variables; null when undefined or unbound.
   */
  static Num eval(Expr e, Map<String, Rational> env) {
    if (e instanceof Lit l) {
      return Num.of(l.value());
    } else if (e instanceof Const c) {
      return switch (c.name()) {
        case "pi" -> Num.approx(Math.PI);
        case "e" -> Num.approx(Math.E);
        case "inf" -> Num.approx(Double.POSITIVE_INFINITY);
        default -> null;
      };
    } else if (e instanceof Var v) {
      return env.containsKey(v.name()) ? Num.of(env.get(v.name())) : null;
    } else if (e instanceof Neg n) {
      Num a = eval(n.a(), env);
      return a == null ? null : new Num(a.exact() == null ? null : a.exact().negate(), -a.approx());
    } else if (e instanceof Bin b) {
      return bin(b.op(), eval(b.a(), env), eval(b.b(), env));
    } else if (e instanceof Fn f) {
      return fn(f.name(), eval(f.arg(), env));
    } else if (e instanceof Root r) {
      Num n = eval(r.index(), env);
      Num a = eval(r.arg(), env);
      if (n == null || a == null) {
        return null;
      }
      if (n.exact() != null
          && n.exact().isInteger()
          && n.exact().num().intValue() == 2
          && a.exact() != null) {
        Rational s = a.exact().sqrt();
        if (s != null) {
          return Num.of(s);
        }
      }
      double idx = n.approx();
      double v =
          a.approx() < 0 && Math.rint(idx) == idx && ((long) idx) % 2 == 1
              ? -Math.pow(-a.approx(), 1 / idx)
              : Math.pow(a.approx(), 1 / idx);
      return Num.approx(v);
    }
    return null;
  }

  private static Num bin(char op, Num a, Num b) {
    if (a == null || b == null) {
      return null;
    }
    Rational x = a.exact();
    Rational y = b.exact();
    boolean exact = x != null && y != null;
    switch (op) {
      case '+':
        return exact
            ? orApprox(x.plus(y), a.approx() + b.approx())
            : Num.approx(a.approx() + b.approx());
      case '-':
        return exact
            ? orApprox(x.minus(y), a.approx() - b.approx())
            : Num.approx(a.approx() - b.approx());
      case '*':
        return exact
            ? orApprox(x.times(y), a.approx() * b.approx())
            : Num.approx(a.approx() * b.approx());
      case '/':
        if (exact) {
          return y.num().signum() == 0 ? null : orApprox(x.divide(y), a.approx() / b.approx());
        }
        return b.approx() == 0 ? null : Num.approx(a.approx() / b.approx());
      default: // '^'
        if (exact && y.isInteger() && y.num().bitLength() < 31) {
          Rational p = x.pow(y.num().intValue());
          if (p != null) {
            return Num.of(p);
          }
        }
        if (x != null && y != null && !y.isInteger() && y.den().bitLength() < 8) {
          // x^(p/q) exact when x is a perfect q-th power: only q = 2 is tried (square roots are
          // common)
          Rational s = y.den().intValue() == 2 ? x.sqrt() : null;
          Rational p = s == null || y.num().bitLength() >= 31 ? null : s.pow(y.num().intValue());
          if (p != null) {
            return Num.of(p);
          }
        }
        return Num.approx(Math.pow(a.approx(), b.approx()));
    }
  }

  private static Num orApprox(Rational r, double d) {
    return r != null ? Num.of(r) : Num.approx(d);
  }

  private static Num fn(String name, Num a) {
    if (a == null) {
      return null;
    }
    double x = a.approx();
    if (name.equals("sqrt") && a.exact() != null) {
      Rational s = a.exact().sqrt();
      if (s != null) {
        return Num.of(s);
      }
    }
    if (name.equals("abs") && a.exact() != null) {
      return Num.of(a.exact().num().signum() < 0 ? a.exact().negate() : a.exact());
    }
    if (name.equals("fact")
        && a.exact() != null
        && a.exact().isInteger()
        && a.exact().num().signum() >= 0
        && a.exact().num().bitLength() < 11
        && a.exact().num().intValue() <= 1000) {
      java.math.BigInteger f = java.math.BigInteger.ONE;
      for (int i = 2; i <= a.exact().num().intValue(); i++) {
        f = f.multiply(java.math.BigInteger.valueOf(i));
      }
      return Num.of(new Rational(f, java.math.BigInteger.ONE));
    }
    double v =
        switch (name) {
          case "sqrt" -> Math.sqrt(x);
          case "sin" -> Math.sin(x);
          case "cos" -> Math.cos(x);
          case "tan" -> Math.tan(x);
          case "sec" -> 1 / Math.cos(x);
          case "csc" -> 1 / Math.sin(x);
          case "cot" -> 1 / Math.tan(x);
          case "arcsin" -> Math.asin(x);
          case "arccos" -> Math.acos(x);
          case "arctan" -> Math.atan(x);
          case "ln" -> Math.log(x);
          case "log" -> Math.log10(x);
          case "lg" -> Math.log10(x);
          case "exp" -> Math.exp(x);
          case "abs" -> Math.abs(x);
          case "floor" ->
              Math.floor(x + 1e-12 * Math.max(1, Math.abs(x))); // log2(8) = 2.9999… is 3
          case "ceil" -> Math.ceil(x - 1e-12 * Math.max(1, Math.abs(x)));
          default -> Double.NaN;
        };
    return Num.approx(v);
  }
}
