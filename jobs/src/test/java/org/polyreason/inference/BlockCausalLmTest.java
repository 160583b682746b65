package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL-block GPT on the PyTorch engine: cache correctness, batching, save/load; with learned
 * positions here, with rotary positions in {@link RotaryBlockCausalLmTest} (same checks).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockCausalLmTest {

  BlockCausalLm lm;

  /** The model under test. */
  BlockGptConfig config() {
    return BlockGptConfig.tiny(42);
  }

  @BeforeAll
  void create() {
    lm = new BlockCausalLm(BlockGptModel.create(config(), Device.cpu()), new long[] {0});
  }

  @AfterAll
  void close() {
    if (lm != null) {
      lm.close();
    }
  }

  @Test
  void cachedGreedyDecodingEqualsFullRecomputation() {
    long[] prompt = {5, 17, 99, 3, 250, 7};
    assertThat(CausalLmChecks.greedy(lm, prompt, 24))
        .hasSize(24)
        .isEqualTo(CausalLmChecks.greedyFull(lm, prompt, 24));
  }

  @Test
  void batchedLeftPaddedRowsMatchSingleRuns() {
    List<long[]> prompts =
        List.of(
            new long[] {5, 17, 99},
            new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
            new long[] {400},
            new long[] {11, 12, 13, 14});
    CausalLmChecks.assertBatchMatchesSingles(lm, prompts, 12, 1e-4f);
  }

  @Test
  void retainDropsRowsAndKeepsTheirContinuations() {
    List<long[]> prompts = List.of(new long[] {5, 17, 99, 3}, new long[] {8}, new long[] {9, 10});
    CausalLmChecks.assertRetainKeepsRows(lm, prompts, 10);
  }

  @Test
  void sameSeedGivesSameWeights() {
    try (BlockCausalLm other =
        new BlockCausalLm(BlockGptModel.create(config(), Device.cpu()), new long[] {0})) {
      assertThat(other.forwardFull(new long[] {1, 2, 3})[2])
          .containsExactly(lm.forwardFull(new long[] {1, 2, 3})[2]);
    }
  }

  @Test
  void saveThenLoadGivesIdenticalLogits(@TempDir Path dir) throws Exception {
    lm.model().save(dir, "tiny-gpt");
    assertThat(dir.resolve("tiny-gpt.properties")).exists();
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .anyMatch(n -> n.startsWith("tiny-gpt-") && n.endsWith(".params"));
    long[] ids = {3, 1, 4, 1, 5, 9, 2, 6};
    try (BlockCausalLm loaded =
        new BlockCausalLm(BlockGptModel.load(dir, "tiny-gpt", Device.cpu()), new long[] {0})) {
      assertThat(loaded.model().config()).isEqualTo(lm.model().config());
      float[][] want = lm.forwardFull(ids);
      float[][] got = loaded.forwardFull(ids);
      for (int i = 0; i < ids.length; i++) {
        assertThat(got[i]).containsExactly(want[i]);
      }
    }
  }

  @Test
  void blockForwardMatchesCachedPrefill() throws Exception {
    long[] ids = {7, 8, 9, 10};
    try (var predictor = lm.model().newPredictor();
        var m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu(), BlockGptModel.ENGINE)) {
      var out =
          predictor.predict(
              new ai.djl.ndarray.NDList(
                  m.create(ids, new ai.djl.ndarray.types.Shape(1, ids.length))));
      float[] flat = out.singletonOrThrow().toFloatArray();
      float[] last = java.util.Arrays.copyOfRange(flat, 3 * lm.vocabSize(), 4 * lm.vocabSize());
      try (DecodeState s = lm.prefill(List.of(ids))) {
        for (int v = 0; v < last.length; v++) {
          assertThat(s.logits(0)[v])
              .isCloseTo(last[v], org.assertj.core.api.Assertions.within(1e-5f));
        }
      }
    }
  }

  @Test
  void stateArgmaxEqualsFloatArgmaxOfItsLogits() {
    List<long[]> prompts =
        List.of(new long[] {1, 45, 499}, new long[] {1, 150}, new long[] {1, 91, 338, 263});
    CausalLmChecks.assertStateArgmaxMatchesLogits(lm, prompts, 16);
  }

  @Test
  void managedMemoryStaysFlatOverALongDecode() {
    List<long[]> prompts = List.of(new long[] {1, 45, 499}, new long[] {1, 150});
    CausalLmChecks.assertManagedArraysStayFlat(lm, lm.model().model().getNDManager(), prompts, 100);
  }
}
