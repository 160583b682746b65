package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fp16 argmax on raw bits must agree with converting and argmaxing floats, or decline (-1) so
 * that the caller does exactly that.
 */
class Fp16Test {

  private static final short POS_ZERO = 0x0000;
  private static final short NEG_ZERO = (short) 0x8000;
  private static final short ONE = 0x3c00;
  private static final short TWO = 0x4000;
  private static final short MINUS_TWO = (short) 0xc000;
  private static final short INF = 0x7c00;
  private static final short NAN = 0x7e00;
  private static final short NEG_NAN = (short) 0xfe00;
  private static final short SMALLEST = 0x0001;

  /** A native-order buffer holding {@code lead} junk values, then the row, then junk. */
  private static ByteBuffer buffer(int lead, short... row) {
    ByteBuffer b = ByteBuffer.allocate(2 * (lead + row.length + 3)).order(ByteOrder.nativeOrder());
    for (int i = 0; i < lead; i++) {
      b.putShort(INF);
    }
    for (short s : row) {
      b.putShort(s);
    }
    b.putShort(INF).putShort(NAN).putShort(INF);
    return b.flip();
  }

  /** What decoding must pick: the float argmax of the converted row. */
  private static int expected(short... row) {
    float[] f = new float[row.length];
    for (int i = 0; i < row.length; i++) {
      f[i] = Fp16.toFloat(row[i] & 0xffff);
    }
    return Sampler.argmax(f);
  }

  private static int fast(int lead, short... row) {
    return Fp16.argmax(buffer(lead, row), lead, row.length, new long[row.length / 4 + 1]);
  }

  @Test
  void agreesWithFloatArgmaxOnRandomRowsAtAnyOffsetAndLength() {
    Random random = new Random(11);
    int decided = 0;
    for (int trial = 0; trial < 2_000; trial++) {
      int n = 1 + random.nextInt(300);
      short[] row = new short[n];
      for (int i = 0; i < n; i++) {
        // few distinct values, so ties are common; a quarter of the rows all negative
        float x = (float) (random.nextInt(40) - (trial % 4 == 0 ? 45 : 30)) / 8;
        row[i] = toHalf(x);
      }
      int lead = random.nextInt(7);
      int got = fast(lead, row);
      if (got >= 0) {
        decided++;
        assertThat(got).as("trial %d", trial).isEqualTo(expected(row));
      } else {
        assertThat(expected(row))
            .as("declined only without a positive maximum")
            .satisfies(at -> assertThat(Fp16.toFloat(row[at] & 0xffff)).isLessThanOrEqualTo(0f));
      }
    }
    assertThat(decided).isGreaterThan(1_000);
  }

  @Test
  void lowestIndexWinsTiesInsideAndAcrossWords() {
    assertThat(fast(0, ONE, TWO, TWO, ONE, TWO)).isEqualTo(1);
    assertThat(fast(1, ONE, ONE, ONE, ONE, TWO, ONE, TWO, TWO)).isEqualTo(4);
    assertThat(fast(3, SMALLEST, POS_ZERO, NEG_ZERO)).isZero();
  }

  @Test
  void infinityWinsAndNanNeverDoes() {
    assertThat(fast(0, ONE, INF, TWO, INF)).isEqualTo(1);
    assertThat(fast(0, ONE, NEG_NAN, TWO, MINUS_TWO)).isEqualTo(2);
    // a positive NaN reads above every number: the fast path declines, floats skip the NaN
    assertThat(fast(0, ONE, NAN, TWO, MINUS_TWO)).isEqualTo(-1);
    assertThat(expected(ONE, NAN, TWO, MINUS_TWO)).isEqualTo(2);
  }

  @Test
  void declinesWhenNothingIsPositive() {
    assertThat(fast(0, MINUS_TWO, NEG_ZERO, POS_ZERO, MINUS_TWO)).isEqualTo(-1);
    assertThat(expected(MINUS_TWO, NEG_ZERO, POS_ZERO, MINUS_TWO)).isEqualTo(1);
  }

  @Test
  void toFloatDecodesNormalsSubnormalsAndSpecials() {
    assertThat(Fp16.toFloat(ONE)).isEqualTo(1f);
    assertThat(Fp16.toFloat(MINUS_TWO & 0xffff)).isEqualTo(-2f);
    assertThat(Fp16.toFloat(SMALLEST)).isEqualTo(0x1p-24f);
    assertThat(Fp16.toFloat(INF)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Fp16.toFloat(NAN)).isNaN();
  }

  /** Float to fp16 bits, exact for the multiples of 1/8 the random test uses. */
  private static short toHalf(float x) {
    if (x == 0) {
      return POS_ZERO;
    }
    int bits = Float.floatToIntBits(x);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 112;
    int mant = (bits >>> 13) & 0x3ff;
    return (short) (sign | (exp << 10) | mant);
  }
}
