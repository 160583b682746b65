package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fp32 path of the ONNX decoder, on an fp32 twin of the tiny Llama that the test builds ({@link
 * OnnxFp32Export}): float32 KV cache and logits, read without the fp16 tricks.
 */
class OnnxFp32CausalLmTest {

  @TempDir static Path dir;
  private static OnnxCausalLm fp32;
  private static OnnxCausalLm fp16;

  @BeforeAll
  static void load() throws Exception {
    Path half = SharedModels.tinyLlamaOnnx();
    Path full = OnnxFp32Export.convert(half, dir.resolve("tiny-fp32/model.onnx"));
    fp32 = OnnxCausalLm.load(full, Device.cpu(), 1, 2048, new long[] {2});
    fp16 = OnnxCausalLm.load(half, Device.cpu(), 1, 2048, new long[] {2});
  }

  @AfterAll
  static void close() {
    for (OnnxCausalLm lm : new OnnxCausalLm[] {fp32, fp16}) {
      if (lm != null) {
        lm.close();
      }
    }
  }

  @Test
  void layoutIsFloat32Throughout() {
    assertThat(fp32.layout()).isEqualTo(new OnnxLayout(2, 1, 16, 32000, false, false));
  }

  @Test
  void computesWhatTheFp16ModelComputesUpToFp16Rounding() {
    long[] prompt = {1, 450, 4996, 17354, 1701};
    float[][] a = fp32.forwardFull(prompt);
    float[][] b = fp16.forwardFull(prompt);
    float worst = 0;
    float scale = 0;
    for (int t = 0; t < a.length; t++) {
      for (int v = 0; v < a[t].length; v++) {
        worst = Math.max(worst, Math.abs(a[t][v] - b[t][v]));
        scale = Math.max(scale, Math.abs(a[t][v]));
      }
    }
    assertThat(scale).as("logits are not all zero").isGreaterThan(0.01f);
    assertThat(worst).isLessThan(0.02f);
  }

  @Test
  void cachedGreedyDecodingEqualsFullRecomputation() {
    long[] prompt = {1, 450, 4996, 17354, 1701};
    assertThat(CausalLmChecks.greedy(fp32, prompt, 24))
        .hasSize(24)
        .isEqualTo(CausalLmChecks.greedyFull(fp32, prompt, 24));
  }

  @Test
  void batchedLeftPaddedRowsMatchSingleRuns() {
    List<long[]> prompts =
        List.of(
            new long[] {1, 450, 4996},
            new long[] {1, 306, 626, 263, 4086, 1058, 526, 29871},
            new long[] {1, 15043});
    CausalLmChecks.assertBatchMatchesSingles(fp32, prompts, 12, 1e-4f);
  }

  @Test
  void retainAndStateArgmaxWorkOnFloat32() {
    List<long[]> prompts =
        new ArrayList<>(
            List.of(
                new long[] {1, 450, 4996, 17354}, new long[] {1, 15043}, new long[] {1, 910, 338}));
    CausalLmChecks.assertRetainKeepsRows(fp32, prompts, 10);
    CausalLmChecks.assertStateArgmaxMatchesLogits(fp32, prompts, 16);
  }

  @Test
  void batchGeneratorGivesEachRowItsSingleRunText() {
    List<GenerationRequest> reqs = new ArrayList<>();
    long[][] prompts = {{1, 450, 4996}, {1, 15043}, {1, 910, 338, 263}};
    for (int i = 0; i < prompts.length; i++) {
      reqs.add(new GenerationRequest("k" + i, prompts[i], 12, SamplingParams.GREEDY, 0, List.of()));
    }
    List<GenerationResult> batched = new BatchGenerator(fp32, (ids, skip) -> "", 3).generate(reqs);
    for (int i = 0; i < prompts.length; i++) {
      long[] got = batched.get(i).completionIds();
      long[] single =
          CausalLmChecks.greedy(fp32, prompts[i], 12).stream().mapToLong(Long::longValue).toArray();
      // the generator stops early only at the EOS id (2); the single run does not stop
      assertThat(got.length == 12 || got[got.length - 1] == 2)
          .as("row %d length %d", i, got.length)
          .isTrue();
      assertThat(got).as("row %d", i).containsExactly(java.util.Arrays.copyOf(single, got.length));
    }
  }
}
