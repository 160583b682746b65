package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared checks for any {@link CausalLm}: cache vs recomputation, batch vs single rows, compaction.
 *
 * <p>fp16 models can produce near-ties that differ by one ulp between a padded batch and a single
 * row, so batch checks compare logits with a tolerance and follow each row's own greedy tokens.
 */
final class CausalLmChecks {

  private CausalLmChecks() {}

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static List<Long> greedy(CausalLm lm, long[] prompt, int n) {
    List<Long> out = new ArrayList<>();
    try (DecodeState s = lm.prefill(List.of(prompt))) {
      for (int i = 0; i < n; i++) {
        long t = argmax(s.logits(0));
        out.add(t);
        if (i + 1 < n) {
          s.step(new long[] {t});
        }
      }
    }
    return out;
  }

  static List<Long> greedyFull(FullForward lm, long[] prompt, int n) {
    List<Long> out = new ArrayList<>();
    long[] ids = prompt.clone();
    for (int i = 0; i < n; i++) {
      float[][] all = lm.forwardFull(ids);
      long t = argmax(all[all.length - 1]);
      out.add(t);
      ids = Arrays.copyOf(ids, ids.length + 1);
      ids[ids.length - 1] = t;
    }
    return out;
  }

  /**
   * Native memory stays flat over a long decode: the arrays (KV cache, logits, inputs) managed
   * under the model's manager are as many after {@code steps} steps as after ten, and back to the
   * start count when the state closes. Each array owns its native buffer, so a per-step leak shows
   * here.
   */
  static void assertManagedArraysStayFlat(
      CausalLm lm, NDManager modelManager, List<long[]> prompts, int steps) {
    int before = modelManager.getManagedArrays().size();
    int afterTen = -1;
    try (DecodeState s = lm.prefill(prompts)) {
      for (int i = 0; i < steps; i++) {
        long[] next = new long[s.batchSize()];
        for (int r = 0; r < next.length; r++) {
          next[r] = s.argmax(r);
        }
        s.step(next);
        if (i == 10) {
          afterTen = modelManager.getManagedArrays().size();
          assertThat(afterTen).isGreaterThan(before);
        }
      }
      assertThat(modelManager.getManagedArrays().size())
          .as("arrays after %d steps", steps)
          .isEqualTo(afterTen);
    }
    assertThat(modelManager.getManagedArrays().size()).as("arrays after close").isEqualTo(before);
  }

  /**
   * A state's own greedy choice (which may skip converting the logits) equals the float argmax of
   * its logits, for every row of a batch at every step, before and after a retain.
   */
  static void assertStateArgmaxMatchesLogits(CausalLm lm, List<long[]> prompts, int n) {
    try (DecodeState s = lm.prefill(prompts)) {
      for (int i = 0; i < n; i++) {
        long[] next = new long[s.batchSize()];
        for (int r = 0; r < s.batchSize(); r++) {
          next[r] = s.argmax(r);
          assertThat(next[r]).as("step %d row %d", i, r).isEqualTo(argmax(s.logits(r)));
        }
        if (i == n / 2 && s.batchSize() > 1) {
          s.retain(new int[] {s.batchSize() - 1, 0});
          next = new long[] {next[next.length - 1], next[0]};
        }
        s.step(next);
      }
    }
  }

  /**
   * Each batch row, fed its own single-run greedy tokens, shows the same logits as the single run.
   */
  static void assertBatchMatchesSingles(CausalLm lm, List<long[]> prompts, int n, float tol) {
    int b = prompts.size();
    List<List<float[]>> single = new ArrayList<>();
    List<List<Long>> tokens = new ArrayList<>();
    for (long[] p : prompts) {
      List<float[]> ls = new ArrayList<>();
      List<Long> ts = new ArrayList<>();
      try (DecodeState s = lm.prefill(List.of(p))) {
        for (int i = 0; i < n; i++) {
          ls.add(s.logits(0).clone());
          long t = argmax(s.logits(0));
          ts.add(t);
          s.step(new long[] {t});
        }
      }
      single.add(ls);
      tokens.add(ts);
    }
    int agree = 0;
    try (DecodeState s = lm.prefill(prompts)) {
      for (int i = 0; i < n; i++) {
        long[] next = new long[b];
        for (int r = 0; r < b; r++) {
          float[] got = s.logits(r);
          float[] want = single.get(r).get(i);
          for (int v = 0; v < got.length; v++) {
            assertThat(Math.abs(got[v] - want[v]))
                .as("row %d step %d token %d", r, i, v)
                .isLessThanOrEqualTo(tol);
          }
          agree += argmax(got) == tokens.get(r).get(i) ? 1 : 0;
          next[r] = tokens.get(r).get(i);
        }
        s.step(next);
      }
    }
    assertThat(agree).as("greedy tokens agreeing").isGreaterThanOrEqualTo(b * n - 1);
  }

  static void assertRetainKeepsRows(CausalLm lm, List<long[]> prompts, int n) {
    List<Long> lastAlone = greedy(lm, prompts.get(2), n);
    List<Long> got = new ArrayList<>();
    try (DecodeState s = lm.prefill(prompts)) {
      got.add((long) argmax(s.logits(2)));
      s.retain(new int[] {2});
      assertThat(s.batchSize()).isEqualTo(1);
      for (int i = 1; i < n; i++) {
        s.step(new long[] {got.get(i - 1)});
        got.add((long) argmax(s.logits(0)));
      }
    }
    assertThat(got).isEqualTo(lastAlone);
  }
}
