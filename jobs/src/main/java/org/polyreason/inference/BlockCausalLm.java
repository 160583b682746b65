package org.polyreason.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * {@link CausalLm} over a {@link BlockGptModel}: the same maths as the block's forward, with a KV
 * cache per layer so that each decode step costs one position instead of the whole sequence.
 *
 * <p>PyTorch intra-op threads are process-wide (system property {@code ai.djl.pytorch.num_threads},
 * read when the engine starts); on a busy machine more than one per task makes OpenMP workers spin
 * against each other and small decode steps get tens of times slower, so executors should set 1.
 */
public final class BlockCausalLm implements CausalLm, FullForward {

  private final BlockGptModel model;
  private final long[] eosIds;

  /** Takes ownership of {@code model} (closed with this). */
  public BlockCausalLm(BlockGptModel model, long[] eosIds) {
    this.model = model;
    this.eosIds = eosIds.clone();
  }

  public BlockGptModel model() {
    return model;
  }

  @Override
  public int vocabSize() {
    return model.config().vocabSize();
  }

  @Override
  public int maxContext() {
    return model.config().maxContext();
  }

  @Override
  public long[] eosIds() {
    return eosIds.clone();
  }

  @Override
  public DecodeState prefill(List<long[]> prompts) {
    return new BlockDecodeState(model, prompts);
  }

  @Override
  public float[][] forwardFull(long[] ids) {
    try (NDManager m = model.model().getNDManager().newSubManager()) {
      int t = ids.length;
      long[] pos = new long[t];
      for (int i = 0; i < t; i++) {
        pos[i] = i;
      }
      NDArray logits =
          GptMath.forward(
              model.config(),
              model.block().arrays(),
              m.create(ids, new Shape(1, t)),
              m.create(pos, new Shape(1, t)),
              m.create(GptMath.mask(new int[1], 0, t, t), new Shape(1, 1, t, t)),
              null,
              false);
      float[] flat = logits.toFloatArray();
      int v = vocabSize();
      float[][] out = new float[t][v];
      for (int i = 0; i < t; i++) {
        System.arraycopy(flat, i * v, out[i], 0, v);
      }
      return out;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
