package org.polyreason.inference;

import java.util.Arrays;
import java.util.List;
import org.polyreason.inference.GenerationResult.FinishReason;

/**
 * Decodes one micro-batch to completion: sample every active row, retire rows that hit EOS, a stop
 * string, their token budget or the model context, compact the cache, feed the rest.
 *
 * <p>Stop strings are matched on a decoded tail window (specials kept) instead of the whole
 * completion, so checking stays O(1) per token for long reasoning traces.
 */
final class DecodeLoop {

  private final CausalLm lm;
  private final TokenDecoder decoder;
  private final List<GenerationRequest> batch;
  private final Sampler[] samplers;
  private final long[][] generated;
  private final int[] counts;
  private final long[] eos;

  DecodeLoop(CausalLm lm, TokenDecoder decoder, List<GenerationRequest> batch) {
    this.lm = lm;
    this.decoder = decoder;
    this.batch = batch;
    int n = batch.size();
    this.samplers = new Sampler[n];
    this.generated = new long[n][];
    this.counts = new int[n];
    for (int i = 0; i < n; i++) {
      GenerationRequest r = batch.get(i);
      samplers[i] = new Sampler(r.sampling(), r.seed());
      generated[i] = new long[Math.min(r.maxNewTokens(), 64)];
    }
    this.eos = lm.eosIds();
  }

  List<GenerationResult> run() {
    long start = System.nanoTime();
    GenerationResult[] results = new GenerationResult[batch.size()];
    int[] active = new int[batch.size()];
    Arrays.setAll(active, i -> i);
    try (DecodeState state =
        lm.prefill(batch.stream().map(GenerationRequest::promptIds).toList())) {
      while (true) {
        long[] next = new long[active.length];
        int[] keep = new int[active.length];
        int kept = 0;
        for (int row = 0; row < active.length; row++) {
          int i = active[row];
          long token = samplers[i].sample(state, row);
          append(i, token);
          FinishReason reason = finished(i, token);
          if (reason != null) {
            results[i] = result(i, reason, start);
          } else {
            next[kept] = token;
            keep[kept++] = row;
          }
        }
        if (kept == 0) {
          break;
        }
        if (kept < active.length) {
          keep = Arrays.copyOf(keep, kept);
          state.retain(keep);
          int[] nextActive = new int[kept];
          for (int k = 0; k < kept; k++) {
            nextActive[k] = active[keep[k]];
          }
          active = nextActive;
          next = Arrays.copyOf(next, kept);
        }
        state.step(next);
      }
    }
    return Arrays.asList(results);
  }

  private void append(int i, long token) {
    if (counts[i] == generated[i].length) {
      generated[i] = Arrays.copyOf(generated[i], generated[i].length * 2);
    }
    generated[i][counts[i]++] = token;
  }

  private FinishReason finished(int i, long token) {
    GenerationRequest r = batch.get(i);
    for (long e : eos) {
      if (e == token) {
        return FinishReason.STOP;
      }
    }
    if (!r.stopStrings().isEmpty()) {
      int longest = r.stopStrings().stream().mapToInt(String::length).max().orElse(0);
      int window = Math.min(counts[i], 4 * longest + 4);
      String tail =
          decoder.decode(Arrays.copyOfRange(generated[i], counts[i] - window, counts[i]), false);
      for (String s : r.stopStrings()) {
        if (tail.contains(s)) {
          return FinishReason.STOP;
        }
      }
    }
    if (counts[i] >= r.maxNewTokens() || r.promptIds().length + counts[i] >= lm.maxContext()) {
      return FinishReason.LENGTH;
    }
    return null;
  }

  private GenerationResult result(int i, FinishReason reason, long start) {
    GenerationRequest r = batch.get(i);
    long[] ids = Arrays.copyOf(generated[i], counts[i]);
    String text = decoder.decode(ids, true);
    int cut = text.length();
    for (String s : r.stopStrings()) {
      int at = text.indexOf(s);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return new GenerationResult(
        r.sampleKey(),
        ids,
        text.substring(0, cut),
        reason,
        r.promptIds().length,
        ids.length,
        (System.nanoTime() - start) / 1_000_000,
        null);
  }
}
