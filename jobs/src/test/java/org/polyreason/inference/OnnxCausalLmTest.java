package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real decoding on the tiny random Llama ONNX export (fp16). */
class OnnxCausalLmTest {

  private static OnnxCausalLm lm;

  @BeforeAll
  static void load() throws Exception {
    lm = OnnxCausalLm.load(SharedModels.tinyLlamaOnnx(), Device.cpu(), 1, 2048, new long[] {2});
  }

  @AfterAll
  static void close() {
    if (lm != null) {
      lm.close();
    }
  }

  @Test
  void readsLayoutFromTheFile() {
    assertThat(lm.layout()).isEqualTo(new OnnxLayout(2, 1, 16, 32000, true, true));
    assertThat(lm.vocabSize()).isEqualTo(32000);
  }

  @Test
  void cachedGreedyDecodingEqualsFullRecomputation() {
    long[] prompt = {1, 450, 4996, 17354, 1701};
    List<Long> cached = CausalLmChecks.greedy(lm, prompt, 24);
    List<Long> full = CausalLmChecks.greedyFull(lm, prompt, 24);
    assertThat(cached).hasSize(24).isEqualTo(full);
  }

  @Test
  void batchedLeftPaddedRowsMatchSingleRuns() {
    List<long[]> prompts =
        List.of(
            new long[] {1, 450, 4996},
            new long[] {1, 306, 626, 263, 4086, 1058, 526, 29871},
            new long[] {1, 15043},
            new long[] {1, 910, 338, 263, 1243, 310});
    CausalLmChecks.assertBatchMatchesSingles(lm, prompts, 12, 2e-2f);
  }

  @Test
  void retainDropsRowsAndKeepsTheirContinuations() {
    List<long[]> prompts =
        new ArrayList<>(
            List.of(
                new long[] {1, 450, 4996, 17354}, new long[] {1, 15043}, new long[] {1, 910, 338}));
    CausalLmChecks.assertRetainKeepsRows(lm, prompts, 10);
  }

  @Test
  void stateArgmaxEqualsFloatArgmaxOfItsLogits() {
    List<long[]> prompts =
        List.of(new long[] {1, 450, 4996}, new long[] {1, 15043}, new long[] {1, 910, 338, 263});
    CausalLmChecks.assertStateArgmaxMatchesLogits(lm, prompts, 16);
  }

  @Test
  void managedMemoryStaysFlatOverALongDecode() {
    List<long[]> prompts = List.of(new long[] {1, 450, 4996}, new long[] {1, 15043});
    CausalLmChecks.assertManagedArraysStayFlat(lm, lm.modelManager(), prompts, 400);
  }
}
