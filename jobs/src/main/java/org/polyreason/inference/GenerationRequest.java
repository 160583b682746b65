package org.polyreason.inference;

import java.util.List;

/**
 * One completion to generate.
 *
 * @param sampleKey stable identity of the sample (e.g. {@code "mgsm/de/17#3"}); with {@code
 *     runSeed} it alone seeds sampling, so the text does not depend on batching or sharding
 * @param promptIds prompt token ids
 * @param maxNewTokens completion budget
 * @param sampling temperature / top-k / top-p
 * @param runSeed seed of the whole run
 * @param stopStrings texts that end the completion (cut from the returned text)
 */
public record GenerationRequest(
    String sampleKey,
    long[] promptIds,
    int maxNewTokens,
    SamplingParams sampling,
    long runSeed,
    List<String> stopStrings) {

  public GenerationRequest {
    stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
  }

  /** Seed of this sample's random stream. */
  public long seed() {
    return Sampler.seedFor(runSeed, sampleKey);
  }
}
