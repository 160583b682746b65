package org.polyreason.udfs.scoring;

import java.math.BigDecimal;
import java.math.BigInteger;

/** An exact rational number (normalised: lowest terms, positive denominator). */
public record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {

  /**
   * Largest numerator or denominator kept exact (bits); beyond it arithmetic falls back to doubles.
   */
  static final int MAX_BITS = 200_000;

  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  public Rational {
    if (den.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
  }

  public static Rational of(long n) {
    return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
  }

  public static Rational of(long n, long d) {
    return new Rational(BigInteger.valueOf(n), BigInteger.valueOf(d));
  }

  /** The exact value of a decimal literal such as {@code 16386.20}. */
  public static Rational of(BigDecimal d) {
    return d.scale() <= 0
        ? new Rational(d.toBigIntegerExact(), BigInteger.ONE)
        : new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }

  /** Null when the result would be too large to keep exact. */
  Rational plus(Rational o) {
    return bounded(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  Rational minus(Rational o) {
    return plus(o.negate());
  }

  Rational times(Rational o) {
    return bounded(num.multiply(o.num), den.multiply(o.den));
  }

  /** Null for division by zero or a too large result. */
  Rational divide(Rational o) {
    return o.num.signum() == 0 ? null : bounded(num.multiply(o.den), den.multiply(o.num));
  }

  Rational negate() {
    return new Rational(num.negate(), den);
  }

  /**
   * This to an integer power; null when the result would exceed {@link #MAX_BITS} or divides by
   * zero.
   */
  Rational pow(int e) {
    if (e < 0) {
      return num.signum() == 0 ? null : new Rational(den, num).pow(-e);
    }
    long bits = (long) Math.max(num.bitLength(), den.bitLength()) * e;
    return bits > MAX_BITS ? null : new Rational(num.pow(e), den.pow(e));
  }

  /** The exact square root when numerator and denominator are perfect squares; else null. */
  Rational sqrt() {
    if (num.signum() < 0) {
      return null;
    }
    BigInteger n = num.sqrt();
    BigInteger d = den.sqrt();
    return n.multiply(n).equals(num) && d.multiply(d).equals(den) ? new Rational(n, d) : null;
  }

  boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  double toDouble() {
    return new BigDecimal(num)
        .divide(new BigDecimal(den), java.math.MathContext.DECIMAL64)
        .doubleValue();
  }

  private static Rational bounded(BigInteger n, BigInteger d) {
    if (d.signum() == 0 || n.bitLength() > MAX_BITS || d.bitLength() > MAX_BITS) {
      return null;
    }
    return new Rational(n, d);
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public String toString() {
    return isInteger() ? num.toString() : num + "/" + den;
  }
}
