package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberNormalizerTest {

  @ParameterizedTest(name = "[{1}] {0} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2,125|en|2125",
        "2.125|en|2.125",
        "2.125|de|2125",
        "2,5|de|2.5",
        "2,125|de|2125",
        "1.234,56|de|1234.56",
        "1,234.56|en|1234.56",
        "2 125|fr|2125",
        "2\u202F125|fr|2125",
        "2\u00A0125|ru|2125",
        "3,5|fr|3.5",
        "1 000 000|fr|1000000",
        "80.000 US-Dollar|de|80000",
        "12.500|es|12500",
        "1.500|pt|1500",
        "7.425|id|7425",
        "7.425|it|7425",
        "0,75|it|0.75",
        "\u09E7\u09EE|bn|18",
        "\u0967\u096E|hi|18",
        "\u0C67\u0C6E|te|18",
        "\u0E51\u0E58|th|18",
        "\u0661\u0668|ar|18",
        "\u06F1\u06F8|ar|18",
        "\uFF11\uFF18|ja|18",
        "\u0662\u066B\u0665|ar|2.5",
        "$18|en|18",
        "€ 18,50|de|18.5",
        "£7|en|7",
        "¥1,200|ja|1200",
        "₹500|hi|500",
        "৳ ২০০|bn|200",
        "฿45|th|45",
        "50%|en|50",
        "3/4|en|3/4",
        "025|en|25",
        "8.0|en|8",
        "-7|en|-7",
        "\u22127|en|-7",
        "+3|en|3",
        "18 dollars|en|18",
        "18 Dollar pro Tag|de|18",
        "答えは18です|ja|18",
        "1,5|ru|1.5",
        "10.00|en|10",
        "0.50|en|0.5"
      })
  void normalizes(String text, String lang, String expected) {
    assertThat(NumberNormalizer.normalize(text, lang)).isEqualTo(expected);
  }

  @Test
  void plainSpaceGroupsOnlyWhereItIsTheConvention() {
    assertThat(NumberNormalizer.normalize("2 125", "en")).isEqualTo("2");
    assertThat(NumberNormalizer.last("2 125", "en").canonical()).isEqualTo("125");
    assertThat(NumberNormalizer.normalize("2 125", "fr")).isEqualTo("2125");
  }

  @Test
  void subtractionIsNotASign() {
    assertThat(NumberNormalizer.findAll("16-7=9", "en"))
        .extracting(NumberNormalizer.Parsed::canonical)
        .containsExactly("16", "7", "9");
    assertThat(NumberNormalizer.findAll("= -3", "en"))
        .extracting(NumberNormalizer.Parsed::canonical)
        .containsExactly("-3");
  }

  @Test
  void sentenceFullStopIsNotADecimalMark() {
    assertThat(NumberNormalizer.last("The answer is 18.", "en").canonical()).isEqualTo("18");
  }

  @Test
  void noNumberGivesNull() {
    assertThat(NumberNormalizer.normalize("no digits here", "en")).isNull();
    assertThat(NumberNormalizer.first(null, "en")).isNull();
  }

  /** Zero digit of each native system, with the locale conventions used to render numbers. */
  private static final int[] ZEROS = {'0', 0x09E6, 0x0966, 0x0C66, 0x0E50, 0x0660, 0x06F0, 0xFF10};

  private static final String[][] LOCALES = {
    {"en", ",", "."},
    {"de", ".", ","},
    {"fr", " ", ","},
    {"fr", "\u202F", ","},
    {"ru", "\u00A0", ","},
    {"es", ".", ","},
    {"pt", ".", ","},
    {"it", ".", ","},
    {"id", ".", ","},
    {"ar", "\u066C", "\u066B"},
    {"bn", ",", "."},
    {"th", ",", "."},
    {"zh", ",", "."},
    {"sw", ",", "."},
    {"ja", "", "."}
  };

  @Test
  void propertyRenderedNumbersRoundTrip() {
    long seed = Long.getLong("polyreason.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < 5000; i++) {
      long whole = (long) Math.floor(Math.pow(10, random.nextDouble() * 10));
      int decimals = random.nextInt(3);
      String fraction =
          decimals == 0
              ? ""
              : String.format("%0" + decimals + "d", random.nextInt((int) Math.pow(10, decimals)));
      String[] locale = LOCALES[random.nextInt(LOCALES.length)];
      int zero = ZEROS[random.nextInt(ZEROS.length)];
      boolean group = random.nextBoolean();
      String text = toNative(render(whole, group ? locale[1] : "", fraction, locale[2]), zero);
      BigDecimal expected = new BigDecimal(whole + (fraction.isEmpty() ? "" : "." + fraction));
      NumberNormalizer.Parsed parsed = NumberNormalizer.first("x " + text + " y", locale[0]);
      assertThat(parsed).as("seed %d: %s in %s", seed, text, locale[0]).isNotNull();
      assertThat(parsed.numerator().compareTo(expected))
          .as("seed %d: %s in %s read as %s", seed, text, locale[0], parsed.canonical())
          .isZero();
    }
  }

  private static String render(long whole, String groupSep, String fraction, String decimalMark) {
    String digits = Long.toString(whole);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        sb.append(groupSep);
      }
      sb.append(digits.charAt(i));
    }
    return fraction.isEmpty() ? sb.toString() : sb + decimalMark + fraction;
  }

  private static String toNative(String ascii, int zero) {
    StringBuilder sb = new StringBuilder();
    ascii.chars().forEach(c -> sb.appendCodePoint(Character.isDigit(c) ? zero + (c - '0') : c));
    return sb.toString();
  }
}
