package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block GPT with rotary positions: every check of {@link BlockCausalLmTest} (cache, left
 * padding, save/load), and what rotary positions are for: attention sees only relative offsets.
 */
class RotaryBlockCausalLmTest extends BlockCausalLmTest {

  @Override
  BlockGptConfig config() {
    return new BlockGptConfig(512, 128, 32, 2, 4, 42, BlockGptConfig.Positions.ROPE);
  }

  @Test
  void hasNoPositionTable() {
    BlockGptConfig learned = BlockGptConfig.tiny(42);
    assertThat(config().parameterCount())
        .isEqualTo(learned.parameterCount() - (long) learned.maxContext() * learned.dModel());
  }

  @Test
  void logitsDependOnRelativePositionsOnly() {
    long[] ids = {3, 1, 4, 1, 5, 9, 2, 6};
    float[] at0 = logitsAt(ids, 0);
    float[] at37 = logitsAt(ids, 37);
    float maxDiff = 0;
    for (int i = 0; i < at0.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(at0[i] - at37[i]));
    }
    System.out.printf(
        "rotary: %d logits of a sequence at offset 0 vs 37, max |diff| %.2e%n",
        at0.length, maxDiff);
    assertThat(at0).hasSize(ids.length * lm.vocabSize());
    for (int i = 0; i < at0.length; i++) {
      assertThat(at37[i]).isCloseTo(at0[i], within(1e-4f));
    }
    try (BlockCausalLm learned =
        new BlockCausalLm(
            BlockGptModel.create(BlockGptConfig.tiny(42), ai.djl.Device.cpu()), new long[] {0})) {
      // the control: with learned positions the same shift changes the logits
      assertThat(logitsAt(learned, ids, 37)).isNotEqualTo(logitsAt(learned, ids, 0));
    }
  }

  @Test
  void savedPositionKindIsReadBackAndAnOddHeadWidthIsRefused(@TempDir Path dir) throws Exception {
    config().write(dir, "m");
    assertThat(Files.readString(dir.resolve("m.properties"))).contains("positions=rope");
    assertThat(BlockGptConfig.read(dir, "m").positions()).isEqualTo(BlockGptConfig.Positions.ROPE);
    Files.writeString(
        dir.resolve("old.properties"),
        "vocabSize=10\nmaxContext=8\ndModel=8\nlayers=1\nheads=2\nseed=1\n");
    assertThat(BlockGptConfig.read(dir, "old").positions())
        .as("a model written before rotary positions existed")
        .isEqualTo(BlockGptConfig.Positions.LEARNED);
    Files.writeString(
        dir.resolve("odd.properties"),
        "vocabSize=10\nmaxContext=8\ndModel=8\nlayers=1\nheads=2\nseed=1\npositions=alibi\n");
    assertThatThrownBy(() -> BlockGptConfig.read(dir, "odd"))
        .hasMessageContaining("odd.properties")
        .hasMessageContaining("positions = 'alibi' is not one of learned, rope");
    assertThatThrownBy(() -> new BlockGptConfig(10, 8, 12, 1, 4, 1, BlockGptConfig.Positions.ROPE))
        .hasMessageContaining("rope: even head width");
  }

  private float[] logitsAt(long[] ids, int offset) {
    return logitsAt(lm, ids, offset);
  }

  private static float[] logitsAt(BlockCausalLm lm, long[] ids, int offset) {
    int t = ids.length;
    long[] pos = new long[t];
    for (int i = 0; i < t; i++) {
      pos[i] = offset + i;
    }
    try (NDManager m = lm.model().model().getNDManager().newSubManager()) {
      return GptMath.forward(
              lm.model().config(),
              lm.model().block().arrays(),
              m.create(ids, new Shape(1, t)),
              m.create(pos, new Shape(1, t)),
              m.create(GptMath.mask(new int[1], 0, t, t), new Shape(1, 1, t, t)),
              null,
              false)
          .toFloatArray();
    }
  }
}
