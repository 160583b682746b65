package org.polyreason.inference;

/**
 * The KV cache and latest logits of a batch being decoded.
 *
 * <p>Rows are addressed by their index in the current batch; {@link #retain} renumbers them.
 * Holding native memory, a state must be closed; it owns no reference to memory of earlier steps,
 * so memory stays flat however long the decode runs.
 */
public interface DecodeState extends AutoCloseable {

  /** Rows currently in the batch. */
  int batchSize();

  /** Columns of the cache (padded sequence length so far). */
  int length();

  /**
   * Last-position logits of a row. The array is owned by the state and overwritten by the next
   * {@link #step}; copy it to keep it.
   */
  float[] logits(int row);

  /**
   * Greedy choice for a row: the same as {@link Sampler#argmax} of {@link #logits}, which a state
   * may compute without converting the row (fp16 ONNX logits are argmaxed on their raw bits).
   */
  default int argmax(int row) {
    return Sampler.argmax(logits(row));
  }

  /** Appends one token per row ({@code tokens.length == batchSize()}) and runs one forward pass. */
  void step(long[] tokens);

  /**
   * Keeps only the given rows (in that order), dropping the others from the cache so that finished
   * rows stop costing compute. Leading columns that are padding for every kept row are dropped too.
   */
  void retain(int[] rows);

  @Override
  void close();
}
