package org.polyreason.udfs.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.polyreason.udfs.scoring.AnswerEquivalence.Verdict;
import org.polyreason.udfs.scoring.AnswerValue.Choice;
import org.polyreason.udfs.scoring.AnswerValue.Matrix;
import org.polyreason.udfs.scoring.AnswerValue.Relation;
import org.polyreason.udfs.scoring.AnswerValue.Scalar;
import org.polyreason.udfs.scoring.AnswerValue.Seq;
import org.polyreason.udfs.scoring.AnswerValue.Text;

/**
 * Compares a predicted {@link AnswerValue} with a reference one.
 *
 * <ul>
 *   <li>Expressions without variables: exact values ({@link Rational}) compare exactly. When one
 *       side is a decimal approximation it must be the other value correctly rounded to its own
 *       decimals (the prediction's when it has decimals, else the reference's) and within 1 %
 *       relative; irrational values (roots, π) compare within 1e-9 relative.
 *   <li>Expressions with variables: equal at {@value #POINTS} seeded random rational points,
 *       exactly where both evaluate exactly (polynomials and rational functions: a randomized
 *       identity test), else within 1e-8 relative.
 *   <li>Tuples {@code ( )} and intervals compare in order with the same brackets; sets, several
 *       answers and a tuple against a set compare as multisets.
 *   <li>Relations: an equation's label is dropped when the other side is a bare value ({@code
 *       (p,q)=(3,2)} against {@code (3,2)}, {@code x=3} against {@code 3}); chains compare their
 *       last sides; two equations are equal when the differences of their sides are proportional;
 *       an inequality on one variable is its interval ({@code x \ge 5} = {@code [5, ∞)}).
 *   <li>Matrices cell by cell, choices by letter, text ignoring case, accents and spacing.
 * </ul>
 */
final class ValueEquivalence {

  static final int POINTS = 6;
  private static final long SEED = 0x5EED;
  private static final int MAX_UNORDERED = 12;

  private ValueEquivalence() {}

  static Verdict compare(AnswerValue p, AnswerValue g) {
    if (p == null || g == null) {
      return Verdict.UNDECIDABLE;
    }
    if (g instanceof Relation gr && !(p instanceof Relation) && allEquals(gr) && labelled(gr)) {
      return compare(p, last(gr));
    }
    if (p instanceof Relation pr && !(g instanceof Relation) && allEquals(pr) && labelled(pr)) {
      return compare(last(pr), g);
    }
    if (p instanceof Relation pr && g instanceof Relation gr) {
      return relations(pr, gr);
    }
    if (p instanceof Relation) {
      return Verdict
          .WRONG; // an inequality is not read as the set the reference gives (peer asymmetry)
    }
    if (g instanceof Relation gr) {
      AnswerValue iv = interval(gr);
      return iv == null ? Verdict.UNDECIDABLE : compare(p, iv);
    }
    if (g instanceof Choice gc) {
      Character l = letter(p);
      return l == null ? Verdict.UNDECIDABLE : l == gc.letter() ? Verdict.CORRECT : Verdict.WRONG;
    }
    if (g instanceof Text gt) {
      String pt = p instanceof Text t ? t.text() : null;
      return pt == null ? Verdict.WRONG : pt.equals(gt.text()) ? Verdict.CORRECT : Verdict.WRONG;
    }
    if (g instanceof Scalar gs) {
      if (p instanceof Scalar ps) {
        return scalars(ps.expr(), gs.expr());
      }
      if (p instanceof Seq s && s.items().size() == 1) {
        return compare(s.items().get(0), g);
      }
      return Verdict.WRONG;
    }
    if (g instanceof Seq gs) {
      if (p instanceof Seq ps) {
        return seqs(ps, gs);
      }
      if (p instanceof Matrix pm
          && pm.rows().stream().allMatch(r -> r.size() == 1)
          && !gs.isList()) {
        return seqs(new Seq('(', ')', pm.rows().stream().map(r -> r.get(0)).toList()), gs);
      }
      return gs.items().size() == 1 ? compare(p, gs.items().get(0)) : Verdict.WRONG;
    }
    if (g instanceof Matrix gm) {
      if (!(p instanceof Matrix pm) || pm.rows().size() != gm.rows().size()) {
        return Verdict.WRONG;
      }
      Verdict all = Verdict.CORRECT;
      for (int i = 0; i < gm.rows().size(); i++) {
        all = and(all, inOrder(pm.rows().get(i), gm.rows().get(i)));
      }
      return all;
    }
    return Verdict.UNDECIDABLE;
  }

  private static Character letter(AnswerValue p) {
    if (p instanceof Choice c) {
      return c.letter();
    }
    if (p instanceof Scalar s
        && s.expr() instanceof Expr.Var v
        && v.name().length() == 1
        && Character.isLetter(v.name().charAt(0))) {
      return Character.toUpperCase(v.name().charAt(0));
    }
    if (p instanceof Text t && t.text().length() == 1) {
      return Character.toUpperCase(t.text().charAt(0));
    }
    return null;
  }

  private static boolean allEquals(Relation r) {
    return r.ops().stream().allMatch(o -> o == '=');
  }

  private static AnswerValue last(Relation r) {
    return r.sides().get(r.sides().size() - 1);
  }

  /**
   * A chain of three or more sides, or an equation whose left side is a label: symbols, a tuple of
   * symbols, a ratio or quotient of symbols, {@code |AB|}, {@code f(x)}; not {@code 7 = …} nor
   * {@code a + 3z = 0}.
   */
  private static boolean labelled(Relation r) {
    return r.sides().size() > 2 || isLabel(r.sides().get(0));
  }

  private static boolean isLabel(AnswerValue v) {
    if (v instanceof Seq s) {
      return s.items().stream().allMatch(ValueEquivalence::isLabel);
    }
    return v instanceof Scalar s && isLabel(s.expr());
  }

  private static boolean isLabel(Expr e) {
    if (e instanceof Expr.Var || e instanceof Expr.Const c && !c.name().equals("inf")) {
      return true;
    }
    if (e instanceof Expr.Fn f) {
      return isLabel(f.arg());
    }
    return e instanceof Expr.Bin b
        && (b.op() == '*' || b.op() == '/')
        && isLabel(b.a())
        && isLabel(b.b());
  }

  private static Verdict relations(Relation p, Relation g) {
    if (allEquals(p) && allEquals(g)) {
      if (compare(last(p), last(g)) == Verdict.CORRECT) {
        return Verdict.CORRECT;
      }
      return proportional(p, g, false);
    }
    AnswerValue pi = interval(p);
    AnswerValue gi = interval(g);
    if (pi != null && gi != null) {
      return compare(pi, gi);
    }
    if (p.ops().size() == 1 && g.ops().size() == 1) {
      char po = p.ops().get(0);
      char go = g.ops().get(0);
      if (po == '≠' && go == '≠') {
        return proportional(p, g, false);
      }
      boolean flip = direction(po) != direction(go);
      if (strict(po) != strict(go) || direction(po) == 0 || direction(go) == 0) {
        return Verdict.WRONG;
      }
      Relation q =
          flip ? new Relation(List.of(p.sides().get(1), p.sides().get(0)), List.of(go)) : p;
      return proportional(q, g, true);
    }
    return Verdict.WRONG;
  }

  private static int direction(char op) {
    return op == '<' || op == '≤' ? -1 : op == '>' || op == '≥' ? 1 : 0;
  }

  private static boolean strict(char op) {
    return op == '<' || op == '>';
  }

  /**
   * Both two-sided with scalar sides and (Lp − Rp) = c · (Lg − Rg) for one constant c ≠ 0 (c > 0 if
   * asked).
   */
  private static Verdict proportional(Relation p, Relation g, boolean positive) {
    if (p.sides().size() != 2 || g.sides().size() != 2) {
      return Verdict.WRONG;
    }
    Expr dp = difference(p);
    Expr dg = difference(g);
    if (dp == null || dg == null) {
      return Verdict.WRONG;
    }
    Set<String> vars = new TreeSet<>(Expr.vars(dp));
    vars.addAll(Expr.vars(dg));
    Random rnd = new Random(SEED);
    Double ratio = null;
    int valid = 0;
    for (int k = 0; k < POINTS * 2 && valid < POINTS; k++) {
      Map<String, Rational> env = point(vars, rnd);
      Expr.Num a = Expr.eval(dp, env);
      Expr.Num b = Expr.eval(dg, env);
      if (a == null
          || b == null
          || !Double.isFinite(a.approx())
          || !Double.isFinite(b.approx())
          || Math.abs(b.approx()) < 1e-12) {
        continue;
      }
      double r = a.approx() / b.approx();
      if (ratio == null) {
        ratio = r;
        if (Math.abs(r) < 1e-12 || (positive && r < 0)) {
          return Verdict.WRONG;
        }
      } else if (Math.abs(r - ratio) > 1e-8 * Math.max(1, Math.abs(ratio))) {
        return Verdict.WRONG;
      }
      valid++;
    }
    return valid >= 3 ? Verdict.CORRECT : Verdict.UNDECIDABLE;
  }

  private static Expr difference(Relation r) {
    if (r.sides().get(0) instanceof Scalar l && r.sides().get(1) instanceof Scalar rr) {
      return new Expr.Bin('-', l.expr(), rr.expr());
    }
    return null;
  }

  /**
   * {@code a < x < b}, {@code x ≥ a}, {@code a ≤ x}: the interval of one bare variable; else null.
   */
  static AnswerValue interval(Relation r) {
    List<AnswerValue> s = r.sides();
    List<Character> o = r.ops();
    Scalar inf = new Scalar(new Expr.Const("inf"));
    Scalar minusInf = new Scalar(new Expr.Neg(new Expr.Const("inf")));
    if (o.size() == 2
        && isSymbol(s.get(1))
        && direction(o.get(0)) == direction(o.get(1))
        && direction(o.get(0)) != 0) {
      boolean up = direction(o.get(0)) < 0;
      AnswerValue lo = up ? s.get(0) : s.get(2);
      AnswerValue hi = up ? s.get(2) : s.get(0);
      char lc = up ? o.get(0) : o.get(1);
      char hc = up ? o.get(1) : o.get(0);
      return new Seq(strict(lc) ? '(' : '[', strict(hc) ? ')' : ']', List.of(lo, hi));
    }
    if (o.size() == 1 && direction(o.get(0)) != 0 && (isSymbol(s.get(0)) || isSymbol(s.get(1)))) {
      boolean varLeft = isSymbol(s.get(0));
      AnswerValue bound = varLeft ? s.get(1) : s.get(0);
      int dir = varLeft ? direction(o.get(0)) : -direction(o.get(0));
      boolean st = strict(o.get(0));
      return dir > 0
          ? new Seq(st ? '(' : '[', ')', List.of(bound, inf))
          : new Seq('(', st ? ')' : ']', List.of(minusInf, bound));
    }
    return null;
  }

  private static boolean isSymbol(AnswerValue v) {
    if (!(v instanceof Scalar s)) {
      return false;
    }
    Expr e = s.expr();
    if (e instanceof Expr.Fn f && f.name().equals("abs")) {
      return false;
    }
    return e instanceof Expr.Var
        || (e instanceof Expr.Bin b
            && b.op() == '*'
            && b.a() instanceof Expr.Var
            && !Expr.vars(b.b()).isEmpty()
            && Expr.decimals(b) < 0
            && !(b.b() instanceof Expr.Lit));
  }

  private static Verdict seqs(Seq p, Seq g) {
    if (p.items().size() != g.items().size() && !(p.isList() && g.isList())) {
      return Verdict.WRONG;
    }
    boolean interval =
        "[]".indexOf(p.open()) >= 0
            || "[]".indexOf(p.close()) >= 0
            || "[]".indexOf(g.open()) >= 0
            || "[]".indexOf(g.close()) >= 0;
    if (!p.isList() && !g.isList()) {
      if (interval && (p.open() != g.open() || p.close() != g.close())) {
        return Verdict.WRONG;
      }
      return inOrder(p.items(), g.items());
    }
    if (interval) {
      return Verdict.WRONG;
    }
    if ((p.open() == '(' && g.open() == '{') || (p.open() == '{' && g.open() == '(')) {
      return inOrder(p.items(), g.items()); // {1,3} is (1,3) as written, not (3,1) (peer behaviour)
    }
    return unordered(p.items(), g.items());
  }

  private static Verdict inOrder(List<AnswerValue> p, List<AnswerValue> g) {
    if (p.size() != g.size()) {
      return Verdict.WRONG;
    }
    Verdict all = Verdict.CORRECT;
    for (int i = 0; i < g.size() && all != Verdict.WRONG; i++) {
      all = and(all, compare(p.get(i), g.get(i)));
    }
    return all;
  }

  /** Set equality: every reference item is matched by some prediction item and vice versa. */
  private static Verdict unordered(List<AnswerValue> p, List<AnswerValue> g) {
    if (g.size() > MAX_UNORDERED * 4 || p.size() > MAX_UNORDERED * 4) {
      return inOrder(p, g);
    }
    Verdict v = covers(p, g, false);
    return v == Verdict.CORRECT ? covers(g, p, true) : v;
  }

  /**
   * Every item of {@code b} equals some item of {@code a}; {@code swapped}: a holds the references.
   */
  private static Verdict covers(List<AnswerValue> a, List<AnswerValue> b, boolean swapped) {
    boolean undecided = false;
    for (AnswerValue bi : b) {
      boolean hit = false;
      for (int j = 0; j < a.size() && !hit; j++) {
        Verdict v = swapped ? compare(bi, a.get(j)) : compare(a.get(j), bi);
        hit = v == Verdict.CORRECT;
        undecided |= v == Verdict.UNDECIDABLE;
      }
      if (!hit) {
        return undecided ? Verdict.UNDECIDABLE : Verdict.WRONG;
      }
    }
    return Verdict.CORRECT;
  }

  private static Verdict and(Verdict a, Verdict b) {
    return a == Verdict.WRONG || b == Verdict.WRONG
        ? Verdict.WRONG
        : a == Verdict.UNDECIDABLE || b == Verdict.UNDECIDABLE
            ? Verdict.UNDECIDABLE
            : Verdict.CORRECT;
  }

  static Verdict scalars(Expr p, Expr g) {
    Set<String> vars = new TreeSet<>(Expr.vars(p));
    if (!vars.isEmpty() && Expr.vars(g).isEmpty()) {
      return Verdict
          .UNDECIDABLE; // an expression in unknowns against a value: words, or unfinished work
    }
    vars.addAll(Expr.vars(g));
    if (vars.isEmpty()) {
      return numbers(
          Expr.eval(p, Map.of()), Expr.eval(g, Map.of()), Expr.decimals(p), Expr.decimals(g));
    }
    Random rnd = new Random(SEED);
    int valid = 0;
    for (int k = 0; k < POINTS * 2 && valid < POINTS; k++) {
      Map<String, Rational> env = point(vars, rnd);
      Expr.Num a = Expr.eval(p, env);
      Expr.Num b = Expr.eval(g, env);
      if (a == null || b == null || !Double.isFinite(a.approx()) || !Double.isFinite(b.approx())) {
        continue;
      }
      valid++;
      boolean same =
          a.exact() != null && b.exact() != null
              ? a.exact().compareTo(b.exact()) == 0
              : Math.abs(a.approx() - b.approx()) <= 1e-8 * Math.max(1, Math.abs(b.approx()));
      if (!same) {
        return Verdict.WRONG;
      }
    }
    return valid >= 3 ? Verdict.CORRECT : Verdict.UNDECIDABLE;
  }

  private static Map<String, Rational> point(Set<String> vars, Random rnd) {
    Map<String, Rational> env = new HashMap<>();
    for (String v : vars) {
      long n = 1 + rnd.nextInt(40);
      env.put(v, Rational.of(rnd.nextBoolean() ? n : -n, 1 + rnd.nextInt(9)));
    }
    return env;
  }

  static Verdict numbers(Expr.Num a, Expr.Num b, int predDecimals, int goldDecimals) {
    if (a == null || b == null) {
      return Verdict.UNDECIDABLE;
    }
    if (a.exact() != null && b.exact() != null) {
      if (a.exact().compareTo(b.exact()) == 0) {
        return Verdict.CORRECT;
      }
      if (predDecimals < 0 && goldDecimals < 0) {
        return Verdict.WRONG; // two exact values: no tolerance
      }
    }
    double x = a.approx();
    double y = b.approx();
    if (Double.isInfinite(x) || Double.isInfinite(y)) {
      return x == y ? Verdict.CORRECT : Verdict.WRONG;
    }
    double diff = Math.abs(x - y);
    int digits = predDecimals > 0 ? predDecimals : goldDecimals;
    if (digits > 0) {
      double half = 0.5 * Math.pow(10, -digits);
      boolean rounded = diff <= half * (1 + 1e-9) + 1e-12 * Math.abs(y);
      return rounded && diff <= 0.01 * Math.abs(y) ? Verdict.CORRECT : Verdict.WRONG;
    }
    return diff <= 1e-9 * Math.max(1e-300, Math.abs(y)) || diff == 0
        ? Verdict.CORRECT
        : Verdict.WRONG;
  }
}
