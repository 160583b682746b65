package org.polyreason.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.Function;

/**
 * Decode state of {@link BlockCausalLm}. Each step runs in a new sub-manager that ends up owning
 * the extended cache; the previous step's manager (old cache and all intermediates) is closed once
 * the step is done, so memory stays flat.
 */
final class BlockDecodeState extends PaddedDecodeState {

  private final BlockGptConfig config;
  private final Function<String, NDArray> weights;
  private final NDArray[][] cache;
  private float[][] logits;

  BlockDecodeState(BlockGptModel model, List<long[]> prompts) {
    super(model.model().getNDManager().newSubManager());
    this.config = model.config();
    this.weights = model.block().arrays();
    this.cache = new NDArray[config.layers()][2];
    try {
      Prefill in = leftPad(prompts);
      run(in.ids(), in.positions(), cols, 0);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void step(long[] tokens) {
    long[] pos = appendColumn(tokens);
    run(tokens, pos, 1, cols - 1);
  }

  private void run(long[] ids, long[] pos, int t, int past) {
    NDManager step = root.newSubManager();
    try {
      NDArray logitsArray =
          GptMath.forward(
              config,
              weights,
              step.create(ids, new Shape(batch, t)),
              step.create(pos, new Shape(batch, t)),
              step.create(GptMath.mask(pad, past, t, cols), new Shape(batch, 1, t, cols)),
              cache,
              true);
      float[] flat = logitsArray.toFloatArray();
      int v = config.vocabSize();
      if (logits == null || logits.length != batch) {
        logits = new float[batch][v];
      }
      for (int r = 0; r < batch; r++) {
        System.arraycopy(flat, r * v, logits[r], 0, v);
      }
    } catch (RuntimeException e) {
      step.close();
      throw e;
    }
    advance(step);
  }

  @Override
  public void retain(int[] rows) {
    int drop = Integer.MAX_VALUE;
    for (int r : rows) {
      drop = Math.min(drop, pad[r]);
    }
    NDManager kept = root.newSubManager();
    try {
      long[] idx = new long[rows.length];
      int[] newPad = new int[rows.length];
      float[][] newLogits = new float[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        idx[i] = rows[i];
        newPad[i] = pad[rows[i]] - drop;
        newLogits[i] = logits[rows[i]];
      }
      NDArray index = current.create(idx);
      for (NDArray[] layer : cache) {
        for (int kv = 0; kv < 2; kv++) {
          NDArray a = layer[kv].get(new NDIndex("{}", index)).get(new NDIndex(":, :, {}:", drop));
          a.attach(kept);
          layer[kv] = a;
        }
      }
      pad = newPad;
      logits = newLogits;
      cols -= drop;
      batch = rows.length;
    } catch (RuntimeException e) {
      kept.close();
      throw e;
    }
    advance(kept);
  }

  @Override
  public float[] logits(int row) {
    return logits[row];
  }
}
