package org.polyreason.inference;

/**
 * How the next token is chosen.
 *
 * @param temperature 0 for greedy (argmax, lowest id on ties); otherwise logits are divided by it
 * @param topK keep only the k most likely tokens; 0 keeps all
 * @param topP keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 */
public record SamplingParams(double temperature, int topK, double topP) {

  /** Greedy decoding. */
  public static final SamplingParams GREEDY = new SamplingParams(0, 0, 1);

  public SamplingParams {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0 and finite, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0 (0 = off), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
  }

  /** Whether this is greedy decoding. */
  public boolean greedy() {
    return temperature == 0;
  }
}
