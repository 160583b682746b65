package org.polyreason.udfs.stats;

/**
 * A closed confidence interval {@code [low, high]}. Both bounds are NaN when no valid value existed
 * to build it (for instance every bootstrap resample was dropped).
 */
public record Interval(double low, double high) {

  /** The interval with both bounds NaN. */
  public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

  public Interval {
    if (low > high) {
      throw new IllegalArgumentException("Interval low " + low + " is above high " + high);
    }
  }

  /** True when both bounds are finite numbers. */
  public boolean isDefined() {
    return Double.isFinite(low) && Double.isFinite(high);
  }

  /** True when {@code low <= x <= high}; false for an undefined interval. */
  public boolean contains(double x) {
    return isDefined() && low <= x && x <= high;
  }

  /** {@code high − low}. */
  public double width() {
    return high - low;
  }
}
