package org.polyreason.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.function.Function;

/**
 * The GPT forward pass, shared by the uncached block forward and the KV-cached decoder.
 *
 * <p>Every result belongs to the manager of the first operand; callers create {@code ids}, {@code
 * positions} and {@code mask} in a per-step manager, and new cache arrays are attached to it
 * explicitly (a concat's result would otherwise belong to the previous step's cache manager, which
 * is closed after the step).
 */
final class GptMath {

  private static final float NEG = -1e9f;

  private GptMath() {}

  /**
   * Additive attention mask {@code [b, 1, t, total]}: query {@code i} (column {@code past + i})
   * sees key column {@code j} iff {@code pad[r] <= j <= past + i}.
   */
  static float[] mask(int[] pad, int past, int t, int total) {
    float[] m = new float[pad.length * t * total];
    for (int r = 0; r < pad.length; r++) {
      for (int i = 0; i < t; i++) {
        int base = (r * t + i) * total;
        for (int j = 0; j < total; j++) {
          m[base + j] = j >= pad[r] && j <= past + i ? 0f : NEG;
        }
      }
    }
    return m;
  }

  /**
   * Logits for {@code ids [b, t]}.
   *
   * @param cache per layer {k, v} of shape {@code [b, heads, past, headDim]}, replaced in place by
   *     the extended cache; null for no cache
   * @param lastOnly return {@code [b, vocab]} for the last position only (saves the LM head on the
   *     prompt), else {@code [b, t, vocab]}
   */
  static NDArray forward(
      BlockGptConfig c,
      Function<String, NDArray> w,
      NDArray ids,
      NDArray positions,
      NDArray mask,
      NDArray[][] cache,
      boolean lastOnly) {
    int b = (int) ids.getShape().get(0);
    int t = (int) ids.getShape().get(1);
    int d = c.dModel();
    int h = c.heads();
    int hd = c.headDim();
    Shape norm = new Shape(d);
    // the scale as an array of the caller's per-step manager, not mul(Number): DJL makes a Number
    // operand a tensor over a direct buffer that it frees as soon as the op returns, while autograd
    // keeps that tensor for the backward pass, which then read freed memory (GptTrainer's class
    // doc)
    NDArray scale = ids.getManager().create((float) (1.0 / Math.sqrt(hd)));
    NDArray x = Embedding.embedding(ids, w.apply("tok_emb"), SparseFormat.DENSE).singletonOrThrow();
    NDArray[] rotary = null;
    if (c.positions() == BlockGptConfig.Positions.LEARNED) {
      x =
          x.add(
              Embedding.embedding(positions, w.apply("pos_emb"), SparseFormat.DENSE)
                  .singletonOrThrow());
    } else {
      rotary = rotary(positions, hd);
    }
    for (int l = 0; l < c.layers(); l++) {
      String p = "l" + l + ".";
      NDArray a =
          LayerNorm.layerNorm(x, norm, w.apply(p + "ln1.g"), w.apply(p + "ln1.b"), 1e-5f)
              .singletonOrThrow();
      NDList qkv =
          Linear.linear(a, w.apply(p + "qkv.w"), w.apply(p + "qkv.b"))
              .singletonOrThrow()
              .split(3, 2);
      NDArray q = heads(qkv.get(0), b, t, h, hd);
      NDArray k = heads(qkv.get(1), b, t, h, hd);
      if (rotary != null) {
        // the cache holds rotated keys: a key's rotation depends on its own position only
        q = rotate(q, rotary, hd);
        k = rotate(k, rotary, hd);
      }
      NDArray v = heads(qkv.get(2), b, t, h, hd);
      if (cache != null) {
        if (cache[l][0] != null) {
          k = cache[l][0].concat(k, 2);
          v = cache[l][1].concat(v, 2);
          k.attach(ids.getManager());
          v.attach(ids.getManager());
        }
        cache[l][0] = k;
        cache[l][1] = v;
      }
      NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(mask).softmax(-1);
      NDArray o = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
      x = x.add(Linear.linear(o, w.apply(p + "proj.w"), w.apply(p + "proj.b")).singletonOrThrow());
      NDArray m =
          LayerNorm.layerNorm(x, norm, w.apply(p + "ln2.g"), w.apply(p + "ln2.b"), 1e-5f)
              .singletonOrThrow();
      NDArray hidden =
          Activation.gelu(
              Linear.linear(m, w.apply(p + "fc1.w"), w.apply(p + "fc1.b")).singletonOrThrow());
      x =
          x.add(
              Linear.linear(hidden, w.apply(p + "fc2.w"), w.apply(p + "fc2.b")).singletonOrThrow());
    }
    if (lastOnly) {
      x = x.get(":, -1, :");
    }
    x = LayerNorm.layerNorm(x, norm, w.apply("lnf.g"), w.apply("lnf.b"), 1e-5f).singletonOrThrow();
    return Linear.linear(x, w.apply("tok_emb")).singletonOrThrow();
  }

  /** Base of the rotary frequencies (RoFormer). */
  static final double ROPE_BASE = 10_000;

  /**
   * {cos, sin} of shape {@code [b, 1, t, hd/2]}: position p turns dimension pair i by p ·
   * base^(−2i/hd). Negative positions (left padding) are masked out of attention anyway.
   */
  private static NDArray[] rotary(NDArray positions, int hd) {
    int half = hd / 2;
    float[] inv = new float[half];
    for (int i = 0; i < half; i++) {
      inv[i] = (float) Math.pow(ROPE_BASE, -2.0 * i / hd);
    }
    NDArray angles =
        positions
            .toType(DataType.FLOAT32, false)
            .expandDims(-1)
            .mul(positions.getManager().create(inv))
            .expandDims(1);
    return new NDArray[] {angles.cos(), angles.sin()};
  }

  /** Rotates {@code x [b, h, t, hd]}: pairs (x_i, x_{i+hd/2}) by the angles of their position. */
  private static NDArray rotate(NDArray x, NDArray[] rotary, int hd) {
    int half = hd / 2;
    NDArray x1 = x.get(new NDIndex(":, :, :, :{}", half));
    NDArray x2 = x.get(new NDIndex(":, :, :, {}:", half));
    NDArray cos = rotary[0];
    NDArray sin = rotary[1];
    return x1.mul(cos).sub(x2.mul(sin)).concat(x1.mul(sin).add(x2.mul(cos)), -1);
  }

  private static NDArray heads(NDArray x, int b, int t, int h, int hd) {
    return x.reshape(b, t, h, hd).transpose(0, 2, 1, 3);
  }
}
