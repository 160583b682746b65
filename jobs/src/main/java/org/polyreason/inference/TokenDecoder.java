package org.polyreason.inference;

/**
 * Turns token ids back into text; {@link PromptBuilder} implements it with the model's tokenizer.
 * Kept as an interface so that {@link BatchGenerator} can be tested and benchmarked without one.
 */
@FunctionalInterface
public interface TokenDecoder {

  /**
   * @param skipSpecial drop special tokens (EOS, chat markers) from the text
   */
  String decode(long[] ids, boolean skipSpecial);
}
