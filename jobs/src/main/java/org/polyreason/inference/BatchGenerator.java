package org.polyreason.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates completions for many requests with batched, KV-cached decoding.
 *
 * <p>Requests are sorted by prompt length and cut into micro-batches, so left padding stays short.
 * When rows finish they are dropped from the cache ({@link DecodeState#retain}), so the batch
 * shrinks and finished rows stop costing compute. A request that cannot run (empty or over-long
 * prompt, bad ids, a failing forward pass) becomes an {@code error} result; the others go on: a
 * micro-batch whose forward pass throws is retried row by row to isolate the culprit.
 */
public final class BatchGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(BatchGenerator.class);

  private final CausalLm lm;
  private final TokenDecoder decoder;
  private final int microBatch;

  public BatchGenerator(CausalLm lm, TokenDecoder decoder, int microBatch) {
    if (microBatch < 1) {
      throw new IllegalArgumentException("micro-batch size must be >= 1, got " + microBatch);
    }
    this.lm = lm;
    this.decoder = decoder;
    this.microBatch = microBatch;
  }

  /** Results in the order of {@code requests}. */
  public List<GenerationResult> generate(List<GenerationRequest> requests) {
    GenerationResult[] out = new GenerationResult[requests.size()];
    List<Integer> runnable = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      String problem = check(requests.get(i));
      if (problem != null) {
        out[i] = GenerationResult.error(requests.get(i), problem, 0);
      } else {
        runnable.add(i);
      }
    }
    runnable.sort(Comparator.comparingInt(i -> requests.get(i).promptIds().length));
    for (int from = 0; from < runnable.size(); from += microBatch) {
      List<Integer> chunk = runnable.subList(from, Math.min(from + microBatch, runnable.size()));
      runIsolated(requests, chunk, out);
    }
    return Arrays.asList(out);
  }

  private void runIsolated(
      List<GenerationRequest> requests, List<Integer> idx, GenerationResult[] out) {
    List<GenerationRequest> batch = idx.stream().map(requests::get).toList();
    long start = System.nanoTime();
    try {
      List<GenerationResult> results = new DecodeLoop(lm, decoder, batch).run();
      for (int i = 0; i < idx.size(); i++) {
        out[idx.get(i)] = results.get(i);
      }
    } catch (RuntimeException e) {
      if (idx.size() > 1) {
        LOG.warn(
            "Micro-batch of {} failed ({}); retrying its rows one by one",
            idx.size(),
            e.toString());
        for (Integer i : idx) {
          runIsolated(requests, List.of(i), out);
        }
      } else {
        LOG.warn("Request {} failed", batch.get(0).sampleKey(), e);
        out[idx.get(0)] =
            GenerationResult.error(
                batch.get(0), e.toString(), (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  /** Why a request cannot run, or null. */
  private String check(GenerationRequest r) {
    long[] p = r.promptIds();
    if (p == null || p.length == 0) {
      return "empty prompt";
    }
    if (p.length >= lm.maxContext()) {
      return "prompt has "
          + p.length
          + " tokens; the model's max context is "
          + lm.maxContext()
          + " and at least one token must fit after the prompt";
    }
    if (r.maxNewTokens() < 1) {
      return "maxNewTokens must be >= 1, got " + r.maxNewTokens();
    }
    for (long id : p) {
      if (id < 0 || id >= lm.vocabSize()) {
        return "prompt token id "
            + id
            + " is outside the model vocabulary [0, "
            + lm.vocabSize()
            + ")";
      }
    }
    return null;
  }
}
