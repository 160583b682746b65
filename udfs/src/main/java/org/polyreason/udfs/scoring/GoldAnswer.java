package org.polyreason.udfs.scoring;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises a benchmark's reference answer into a canonical text and an answer kind ({@code
 * integer}, {@code decimal}, {@code fraction}, {@code latex}, {@code choice}).
 *
 * <p>Handles the quirks of the shipped benchmarks: thousands separators ({@code 2,125}), float
 * strings ({@code 8.0}), zero padding ({@code 025}) and LaTeX wrapped in {@code $…$}.
 */
public final class GoldAnswer {

  /** A normalised reference answer. */
  public record Normalized(String text, String kind) {}

  public static final String INTEGER = "integer";
  public static final String DECIMAL = "decimal";
  public static final String FRACTION = "fraction";
  public static final String LATEX = "latex";
  public static final String CHOICE = "choice";

  private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern SIMPLE_FRACTION = Pattern.compile("([+-]?\\d+)\\s*/\\s*(\\d+)");
  private static final Pattern CHOICE_LETTER = Pattern.compile("\\(?([A-Ja-j])\\)?");

  private GoldAnswer() {}

  /** Returns null for null input; never throws for non-null input. */
  public static Normalized normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    if (s.length() >= 2 && s.startsWith("$") && s.endsWith("$")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    if (GROUPED.matcher(s).matches()) {
      s = s.replace(",", "");
    }
    if (NUMBER.matcher(s).matches()) {
      return number(s);
    }
    var frac = SIMPLE_FRACTION.matcher(s);
    if (frac.matches()) {
      return new Normalized(stripZeros(frac.group(1)) + "/" + stripZeros(frac.group(2)), FRACTION);
    }
    var choice = CHOICE_LETTER.matcher(s);
    if (choice.matches()) {
      return new Normalized(choice.group(1).toUpperCase(Locale.ROOT), CHOICE);
    }
    return new Normalized(s, LATEX);
  }

  private static Normalized number(String s) {
    BigDecimal value = new BigDecimal(s.startsWith("+") ? s.substring(1) : s).stripTrailingZeros();
    if (value.signum() == 0) {
      return new Normalized("0", INTEGER);
    }
    if (value.scale() <= 0) {
      return new Normalized(value.toBigIntegerExact().toString(), INTEGER);
    }
    return new Normalized(value.toPlainString(), DECIMAL);
  }

  private static String stripZeros(String integer) {
    return new BigDecimal(integer.startsWith("+") ? integer.substring(1) : integer)
        .toBigInteger()
        .toString();
  }
}
