package org.polyreason.inference;

import java.util.Locale;

/**
 * Outcome of one {@link GenerationRequest}.
 *
 * @param sampleKey the request's key
 * @param completionIds generated ids (including a final EOS id, if one ended the completion)
 * @param text completion text without special tokens, cut before the first stop string
 * @param finishReason why generation ended
 * @param promptTokens prompt length
 * @param completionTokens number of generated ids
 * @param latencyMs wall time from the start of the request's micro-batch to its end
 * @param error message when {@code finishReason == ERROR}, else null
 */
public record GenerationResult(
    String sampleKey,
    long[] completionIds,
    String text,
    FinishReason finishReason,
    int promptTokens,
    int completionTokens,
    long latencyMs,
    String error) {

  /** Why a completion ended; {@link #wire()} is the value written to tables. */
  public enum FinishReason {
    /** EOS id or stop string. */
    STOP,
    /** Token budget or model context exhausted. */
    LENGTH,
    /** The request failed; see {@code error}. */
    ERROR;

    /** Lower-case name: {@code stop}, {@code length}, {@code error}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static GenerationResult error(GenerationRequest r, String message, long latencyMs) {
    return new GenerationResult(
        r.sampleKey(),
        new long[0],
        "",
        FinishReason.ERROR,
        r.promptIds() == null ? 0 : r.promptIds().length,
        0,
        latencyMs,
        message);
  }
}
