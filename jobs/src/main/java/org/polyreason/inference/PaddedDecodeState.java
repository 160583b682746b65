package org.polyreason.inference;

import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * What every {@link DecodeState} shares: a left-padded batch (rows, columns, padding per row) and
 * the memory discipline of one sub-manager per step under a root manager. The engine-specific
 * subclass owns the cache and the logits.
 */
abstract class PaddedDecodeState implements DecodeState {

  /** Parent of every step's manager; closed with the state. */
  protected final NDManager root;

  /** The manager of the latest step: owns the current cache (and logits); null before the first. */
  protected NDManager current;

  protected int batch;
  protected int cols;
  protected int[] pad;

  PaddedDecodeState(NDManager root) {
    this.root = root;
  }

  /** The prefill inputs of a left-padded batch. */
  record Prefill(long[] ids, long[] positions) {}

  /**
   * Sets the batch geometry for {@code prompts} (padding on the left to the longest) and returns
   * the row-major ids and positions; positions count from 0 at each row's first real token.
   */
  protected Prefill leftPad(List<long[]> prompts) {
    batch = prompts.size();
    cols = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
    pad = new int[batch];
    long[] ids = new long[batch * cols];
    long[] positions = new long[batch * cols];
    for (int r = 0; r < batch; r++) {
      long[] p = prompts.get(r);
      pad[r] = cols - p.length;
      System.arraycopy(p, 0, ids, r * cols + pad[r], p.length);
      for (int c = pad[r]; c < cols; c++) {
        positions[r * cols + c] = c - pad[r];
      }
    }
    return new Prefill(ids, positions);
  }

  /** Checks one token per row, appends a column and returns the new column's positions. */
  protected long[] appendColumn(long[] tokens) {
    if (tokens.length != batch) {
      throw new IllegalArgumentException("step needs " + batch + " tokens, got " + tokens.length);
    }
    long[] positions = new long[batch];
    for (int r = 0; r < batch; r++) {
      positions[r] = cols - pad[r];
    }
    cols++;
    return positions;
  }

  /** Makes {@code step} the current manager, releasing the previous step's memory. */
  protected void advance(NDManager step) {
    if (current != null) {
      current.close();
    }
    current = step;
  }

  @Override
  public int batchSize() {
    return batch;
  }

  @Override
  public int length() {
    return cols;
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
    root.close();
  }
}
