package org.polyreason.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Reads fp16 (and fp32) logits into Java floats.
 *
 * <p>Decoding converts one row of logits per step; a 65,536-entry table makes that a bulk copy plus
 * one array lookup per value, about ten times faster than {@code NDArray.toFloatArray()} on an fp16
 * ONNX Runtime tensor (which also cannot be argmaxed in place). Greedy decoding needs no conversion
 * at all: {@link #argmax} works on the raw bits.
 */
public final class Fp16 {

  private static final float[] TABLE = new float[1 << 16];

  static {
    for (int i = 0; i < TABLE.length; i++) {
      TABLE[i] = toFloat(i);
    }
  }

  private static final long SIGNS = 0x8000_8000_8000_8000L;
  private static final long LANES = 0x0001_0001_0001_0001L;
  private static final int POSITIVE_INFINITY = 0x7c00;
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private Fp16() {}

  /**
   * Greedy argmax of {@code n} fp16 values starting at element {@code offset} of a native-order
   * tensor buffer, without converting them: the same answer as {@link Sampler#argmax} on the
   * converted floats (highest value, lowest index on ties, NaN never wins), or -1 when this fast
   * path cannot decide (no positive value, a NaN above every number, a big-endian platform), in
   * which case the caller converts and argmaxes floats.
   *
   * <p>Positive fp16 values order like their bits read as signed 16-bit integers, and every
   * negative value reads below them. So the scan keeps the best positive bit pattern and tests four
   * values at a time packed in a {@code long}: {@code ((w | SIGNS) - (best + 1) * LANES) & ~w &
   * SIGNS} has a lane's top bit set exactly when that lane is positive and above {@code best} (no
   * lane borrows from its neighbour, because {@code best}, a positive 16-bit pattern, is at most
   * 0x7fff). Almost every word fails that test, so a row costs a bulk copy and a few operations per
   * four values, about 3x less than converting it.
   *
   * @param scratch reusable buffer of at least {@code n / 4} longs
   */
  public static int argmax(ByteBuffer tensor, long offset, int n, long[] scratch) {
    if (!LITTLE_ENDIAN) {
      return -1;
    }
    ByteBuffer row =
        tensor.slice(Math.toIntExact(offset * 2), 2 * n).order(ByteOrder.nativeOrder());
    int words = n >>> 2;
    LongBuffer lb = row.asLongBuffer();
    lb.get(scratch, 0, words);
    int best = 0;
    int at = -1;
    long threshold = LANES;
    for (int w = 0; w < words; w++) {
      long word = scratch[w];
      if ((((word | SIGNS) - threshold) & ~word & SIGNS) != 0) {
        for (int k = 0; k < 4; k++) {
          int bits = (short) (word >>> (16 * k));
          if (bits > best) {
            best = bits;
            at = 4 * w + k;
          }
        }
        threshold = LANES * (best + 1);
      }
    }
    for (int i = 4 * words; i < n; i++) {
      int bits = row.getShort(2 * i);
      if (bits > best) {
        best = bits;
        at = i;
      }
    }
    return best > POSITIVE_INFINITY ? -1 : at;
  }

  /** IEEE 754 binary16 bits to float (Java 17 has no {@code Float.float16ToFloat}). */
  static float toFloat(int bits) {
    int sign = (bits >>> 15) & 1;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    float v;
    if (exp == 0) {
      v = mant * 0x1p-24f;
    } else if (exp == 31) {
      v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      v = Float.intBitsToFloat(((exp + 112) << 23) | (mant << 13));
    }
    return sign == 1 ? -v : v;
  }

  /**
   * Copies {@code dst.length} values starting at element {@code offset} of a native-order tensor
   * buffer into {@code dst}.
   *
   * @param scratch reusable buffer of at least {@code dst.length} shorts (fp16 only)
   */
  public static void read(
      ByteBuffer tensor, boolean half, long offset, float[] dst, short[] scratch) {
    ByteBuffer bb = tensor.duplicate().order(ByteOrder.nativeOrder());
    if (half) {
      ShortBuffer sb = bb.asShortBuffer();
      sb.position(Math.toIntExact(offset));
      sb.get(scratch, 0, dst.length);
      for (int i = 0; i < dst.length; i++) {
        dst[i] = TABLE[scratch[i] & 0xffff];
      }
    } else {
      FloatBuffer fb = bb.asFloatBuffer();
      fb.position(Math.toIntExact(offset));
      fb.get(dst, 0, dst.length);
    }
  }
}
