package org.polyreason.inference;

import java.util.List;

/**
 * A causal language model that decodes with a KV cache.
 *
 * <p>Generation is split into {@link #prefill} (one forward pass over a left-padded batch of
 * prompts, which fills the cache) and {@link DecodeState#step} (one token per row). Keeping the
 * cache inside a {@link DecodeState} rather than the model lets one loaded model serve several
 * Spark tasks at once: implementations must allow concurrent {@code prefill} calls on different
 * threads, while one state is used by one thread.
 */
public interface CausalLm extends AutoCloseable {

  /** Size of the output distribution (the logits' last dimension). */
  int vocabSize();

  /** Longest sequence (prompt plus completion) the model accepts. */
  int maxContext();

  /** Token ids that end a completion (from the tokenizer's special tokens). */
  long[] eosIds();

  /**
   * Runs the prompts through the model, left padded to the longest one.
   *
   * @param prompts token ids per row, each non-empty and no longer than {@link #maxContext()}
   * @return the cache and the last-position logits of every row; the caller closes it
   */
  DecodeState prefill(List<long[]> prompts);

  /** Releases native memory held by the model. */
  @Override
  void close();
}
