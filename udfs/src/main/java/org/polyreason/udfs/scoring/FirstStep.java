package org.polyreason.udfs.scoring;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an answer to a problem with a worked reference goes wrong: its first equation against the
 * reference's first equation. A worked reference is the synthetic benchmark's language-neutral
 * answer, equations {@code a op b=c.} then {@code #answer} ({@code 6*7=42. 42+5=47. #47}); other
 * references have none and get no diagnosis ({@link #check} returns null).
 *
 * <p>Three checks of the response's first {@code a op b=c} (integers, op one of + − * ×):
 *
 * <ul>
 *   <li>operands: its two operands are the reference's first two, in either order (reading the
 *       question's numbers);
 *   <li>operator: its operator is the reference's first one (reading what the question asks);
 *   <li>arithmetic: its own result is right for its own left side, whatever was read (computing).
 * </ul>
 *
 * A response without such an equation fails all three. A model that reads its training languages
 * right but guesses the operator in a held-out one shows it here before accuracy does.
 */
public final class FirstStep {
  /** The checks of one response; all false when it has no equation. */
  public record Result(boolean operands, boolean operator, boolean arithmetic) {}

  private static final Result NO_EQUATION = new Result(false, false, false);

  // not inside a longer run of digits: a 30-digit run is no 18-digit operand
  private static final Pattern FIRST =
      Pattern.compile(
          "(?<!\\d)(\\d{1,18})\\s*([-+*×])\\s*(\\d{1,18})\\s*=\\s*(-?\\d{1,36})(?!\\d)");
  private static final Pattern WORKED =
      Pattern.compile("(?:\\d{1,18}[-+*]\\d{1,18}=-?\\d{1,36}\\. )+#-?\\d{1,36}");

  private FirstStep() {}

  /** True when {@code reference} is a worked answer ({@code 50+7=57. #57}). */
  public static boolean isWorked(String reference) {
    return reference != null && WORKED.matcher(reference.strip()).matches();
  }

  /**
   * The checks of {@code response}'s first equation against {@code reference}'s; null when the
   * reference is not a worked answer or there is no response.
   */
  public static Result check(String reference, String response) {
    if (!isWorked(reference) || response == null) {
      return null;
    }
    Matcher ref = FIRST.matcher(reference);
    ref.find();
    Matcher got = FIRST.matcher(response);
    if (!got.find()) {
      return NO_EQUATION;
    }
    String op = operator(got.group(2));
    boolean operands =
        got.group(1).equals(ref.group(1)) && got.group(3).equals(ref.group(3))
            || got.group(1).equals(ref.group(3)) && got.group(3).equals(ref.group(1));
    return new Result(
        operands,
        op.equals(ref.group(2)),
        value(got.group(1), op, got.group(3)).equals(new BigInteger(got.group(4))));
  }

  private static String operator(String symbol) {
    return "×".equals(symbol) ? "*" : symbol;
  }

  private static BigInteger value(String a, String op, String b) {
    BigInteger x = new BigInteger(a);
    BigInteger y = new BigInteger(b);
    return switch (op) {
      case "+" -> x.add(y);
      case "-" -> x.subtract(y);
      default -> x.multiply(y);
    };
  }
}
