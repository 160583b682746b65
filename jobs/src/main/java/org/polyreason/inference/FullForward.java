package org.polyreason.inference;

/**
 * Full recomputation without a KV cache: the reference that tests and benchmarks compare cached
 * decoding against. Generation never calls it, so it is not part of {@link CausalLm}.
 */
public interface FullForward {
  /**
   * @return logits per position, {@code [ids.length][vocabSize]}
   */
  float[][] forwardFull(long[] ids);
}
