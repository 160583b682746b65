package org.polyreason.udfs.scoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polyreason.udfs.language.Language;
import org.polyreason.udfs.language.LanguageTable;

/**
 * Reads numbers the way people in the 18 PolyMath languages write them and prints them canonically.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>Every Unicode decimal digit (Bengali, Devanagari, Telugu, Thai, Arabic-Indic, Extended
 *       Arabic-Indic, full-width, …) becomes its ASCII digit; the Arabic decimal and thousands
 *       signs (U+066B, U+066C), full-width {@code ．，} and the minus sign U+2212 become ASCII.
 *   <li>A number token is digits joined by {@code .} or {@code ,} (each followed by a digit), or by
 *       a no-break, narrow no-break or thin space followed by exactly three digits; a plain space
 *       joins groups of three only in {@link #SPACE_GROUPING} languages (fr ru de es pt it).
 *   <li>Separators: when both {@code .} and {@code ,} occur, the last one is the decimal mark. A
 *       repeated mark groups thousands. A single mark followed by exactly three digits is a
 *       thousands separator, except a {@code .} outside {@link #COMMA_DECIMAL} languages ({@code
 *       2.125} is 2125 in de but 2.125 in en; {@code 70,000} is 70000 everywhere, since models
 *       writing Spanish or German often keep English grouping and three-decimal answers are rare);
 *       any other single mark is decimal.
 *   <li>{@code a/b} after a token makes a fraction. Currency signs, percent, units and words around
 *       the number are ignored; zero padding and trailing zeros go ({@code 025} → 25, {@code 8.0} →
 *       8).
 * </ol>
 */
public final class NumberNormalizer {

  /** Languages that write a decimal comma and group thousands with {@code .} or a space. */
  public static final Set<String> COMMA_DECIMAL = LanguageTable.codesWhere(Language::commaDecimal);

  /** Languages where a plain space may group thousands ({@code 2 125}). */
  public static final Set<String> SPACE_GROUPING =
      LanguageTable.codesWhere(Language::spaceGrouping);

  private static final String HARD_SPACES = "\u00A0\u202F\u2009";
  private static final Pattern HARD_OR_SPACE = Pattern.compile("[ " + HARD_SPACES + "]");
  private static final Pattern DOT = Pattern.compile("\\.");
  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern TOKEN_SPACED = tokenPattern(" " + HARD_SPACES);
  private static final Pattern TOKEN_HARD = tokenPattern(HARD_SPACES);

  /**
   * A number found in a text: its canonical string and exact value ({@code a/b} kept as fraction).
   */
  public record Parsed(
      String canonical, BigDecimal numerator, BigDecimal denominator, int start, int end) {
    /** The value as a double (numerator ÷ denominator). */
    public double value() {
      return numerator.doubleValue() / denominator.doubleValue();
    }

    /** True when the value is a whole number (a fraction counts when it divides evenly). */
    public boolean isInteger() {
      return denominator.compareTo(BigDecimal.ONE) == 0
          && numerator.stripTrailingZeros().scale() <= 0;
    }
  }

  private NumberNormalizer() {}

  private static Pattern tokenPattern(String spaces) {
    // The group repeat is bounded: Java's regex recurses once per repetition of a group, and a
    // 20,000
    // character run of "2,532,532…" would overflow the stack; no real number has 40 groups.
    return Pattern.compile(
        "(?<![\\d.,])((?<![\\w)\\]}]\\s?)[-+])?(\\d+(?:[.,]\\d+|["
            + spaces
            + "]\\d{3}(?!\\d)){0,40})"
            + "(?:\\s*/\\s*(\\d+(?:[.,]\\d+){0,40}))?");
  }

  /** Replaces every native digit and Arabic/full-width separator with its ASCII form. */
  public static String toAsciiDigits(String text) {
    int first = 0;
    while (first < text.length() && text.charAt(first) < 128) {
      first++;
    }
    if (first == text.length()) {
      return text; // already ASCII: no copy
    }
    StringBuilder sb = new StringBuilder(text.length());
    sb.append(text, 0, first);
    for (int i = first; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 128) {
        sb.append((char) cp);
      } else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        sb.append((char) ('0' + Character.digit(cp, 10)));
      } else {
        switch (cp) {
          case 0x066B, 0xFF0E -> sb.append('.');
          case 0x066C, 0xFF0C, 0x060C -> sb.append(',');
          case 0x2212, 0xFF0D, 0x2013 -> sb.append('-');
          case 0xFF0F, 0x2215 -> sb.append('/');
          case 0xFF05, 0x066A -> sb.append('%');
          default -> sb.appendCodePoint(cp);
        }
      }
    }
    return sb.toString();
  }

  /** Canonical form of the first number in {@code text}, or null when there is none. */
  public static String normalize(String text, String lang) {
    Parsed p = first(text, lang);
    return p == null ? null : p.canonical();
  }

  /** The first number in {@code text}, or null. */
  public static Parsed first(String text, String lang) {
    List<Parsed> all = findAll(text, lang, true);
    return all.isEmpty() ? null : all.get(0);
  }

  /** The last number in {@code text}, or null. */
  public static Parsed last(String text, String lang) {
    List<Parsed> all = findAll(text, lang, false);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /**
   * Every number in {@code text} (offsets refer to the ASCII-digit form, which keeps lengths for
   * BMP digits).
   */
  public static List<Parsed> findAll(String text, String lang) {
    return findAll(text, lang, false);
  }

  /**
   * The numbers that start at or after {@code from} (offsets in the whole text's ASCII-digit form);
   * only the text from {@code from} on, and the two characters the token pattern looks back at, are
   * read.
   */
  public static List<Parsed> findAllFrom(String text, String lang, int from) {
    if (text == null || from <= 0) {
      return findAll(text, lang, false);
    }
    int base = Math.max(0, from - LOOK_BEHIND);
    List<Parsed> local = findAll(text.substring(base), lang, false, from - base);
    List<Parsed> out = new ArrayList<>(local.size());
    for (Parsed p : local) {
      out.add(
          new Parsed(
              p.canonical(), p.numerator(), p.denominator(), p.start() + base, p.end() + base));
    }
    return out;
  }

  /** The longest look-behind of the token pattern, in characters. */
  private static final int LOOK_BEHIND = 2;

  private static List<Parsed> findAll(String text, String lang, boolean firstOnly) {
    return findAll(text, lang, firstOnly, 0);
  }

  private static List<Parsed> findAll(String text, String lang, boolean firstOnly, int from) {
    List<Parsed> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String ascii = toAsciiDigits(text);
    Pattern token = lang != null && SPACE_GROUPING.contains(lang) ? TOKEN_SPACED : TOKEN_HARD;
    Matcher m =
        token
            .matcher(ascii)
            .region(Math.min(from, ascii.length()), ascii.length())
            .useTransparentBounds(true)
            .useAnchoringBounds(false);
    while (m.find()) {
      BigDecimal num = parseGrouped(m.group(2), lang);
      if (num == null) {
        // "1.5,2.5" is a list, not one number: each comma-separated piece is a number of its own
        addPieces(out, m.group(2), m.start(2), "-".equals(m.group(1)), lang);
        if (firstOnly && !out.isEmpty()) {
          break;
        }
        continue;
      }
      if ("-".equals(m.group(1))) {
        num = num.negate();
      }
      BigDecimal den = BigDecimal.ONE;
      if (m.group(3) != null) {
        den = parseGrouped(m.group(3), lang);
        if (den == null || den.signum() == 0) {
          den = BigDecimal.ONE;
        }
      }
      out.add(new Parsed(canonical(num, den), num, den, m.start(), m.end()));
      if (firstOnly) {
        break;
      }
    }
    return out;
  }

  private static void addPieces(
      List<Parsed> out, String token, int start, boolean negative, String lang) {
    int from = 0;
    boolean first = true;
    for (String piece : token.split(",", -1)) {
      BigDecimal v = piece.isEmpty() ? null : parseGrouped(piece, lang);
      if (v != null) {
        v = first && negative ? v.negate() : v;
        int s = start + from - (first && negative ? 1 : 0);
        out.add(
            new Parsed(
                canonical(v, BigDecimal.ONE), v, BigDecimal.ONE, s, start + from + piece.length()));
      }
      from += piece.length() + 1;
      first = false;
    }
  }

  /**
   * Interprets one digit run with {@code .}, {@code ,} or space separators (see the class rules);
   * null when the run is not one number (a list such as {@code 1.5,2.5}).
   */
  static BigDecimal parseGrouped(String token, String lang) {
    String s = HARD_OR_SPACE.matcher(token).replaceAll("");
    int dots = count(s, '.');
    int commas = count(s, ',');
    boolean commaDecimal = lang != null && COMMA_DECIMAL.contains(lang);
    String plain;
    if (dots > 0 && commas > 0) {
      char dec = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
      char group = dec == '.' ? ',' : '.';
      int decAt = s.lastIndexOf(dec);
      if (s.indexOf(dec) != decAt
          || s.indexOf(group, decAt) >= 0
          || !allGroupsOfThree(s.substring(0, decAt), group)) {
        return null; // not one grouped number with one decimal mark: a list such as 1.5,2.5
      }
      plain = s.replace(String.valueOf(group), "").replace(',', '.');
    } else if (dots + commas == 0) {
      plain = s;
    } else {
      char mark = dots > 0 ? '.' : ',';
      int n = dots + commas;
      boolean grouping = n > 1 && allGroupsOfThree(s, mark);
      if (n == 1) {
        boolean threeAfter = s.length() - s.indexOf(mark) - 1 == 3;
        // a leading 0 is never a thousands group: 0.127 and 0,127 are decimals in every language
        grouping = threeAfter && (commaDecimal || mark == ',') && !s.startsWith("0" + mark);
      }
      plain =
          grouping
              ? s.replace(String.valueOf(mark), "")
              : n == 1 ? s.replace(mark, '.') : s.replace(String.valueOf(mark), "");
    }
    return plain.isEmpty() || plain.indexOf('.') != plain.lastIndexOf('.')
        ? null
        : new BigDecimal(plain);
  }

  private static boolean allGroupsOfThree(String s, char mark) {
    String[] parts = (mark == '.' ? DOT : COMMA).split(s);
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].length() != 3) {
        return false;
      }
    }
    return true;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }

  /**
   * Canonical text: integers without padding, decimals without trailing zeros, fractions as {@code
   * a/b}.
   */
  static String canonical(BigDecimal num, BigDecimal den) {
    if (den.compareTo(BigDecimal.ONE) != 0) {
      return plain(num) + "/" + plain(den);
    }
    return plain(num);
  }

  private static String plain(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    if (s.signum() == 0) {
      return "0";
    }
    return s.scale() <= 0 ? s.toBigIntegerExact().toString() : s.toPlainString();
  }
}
