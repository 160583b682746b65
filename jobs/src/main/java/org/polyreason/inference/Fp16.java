package org.polyreason.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Reads fp16 (and fp32) logits into Java floats.
 *
 * <p>Decoding converts one row of logits per step; a 65,536-entry table makes that a bulk copy plus
 * one array lookup per value, about ten times faster than {@code NDArray.toFloatArray()} on an fp16
 * ONNX Runtime tensor (which also cannot be argmaxed in place).
 */
final class Fp16 {

  private static final float[] TABLE = new float[1 << 16];

  static {
    for (int i = 0; i < TABLE.length; i++) {
      TABLE[i] = toFloat(i);
    }
  }

  private Fp16() {}

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
  static void read(ByteBuffer tensor, boolean half, long offset, float[] dst, short[] scratch) {
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
