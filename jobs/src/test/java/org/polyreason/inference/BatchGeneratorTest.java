package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polyreason.inference.GenerationResult.FinishReason;

/** Generation logic on a scripted model, and seeded sampling on the real tiny ONNX model. */
class BatchGeneratorTest {

  private static OnnxCausalLm onnx;
  private static PromptBuilder prompts;

  @BeforeAll
  static void load() throws Exception {
    prompts = PromptBuilder.load(SharedModels.tinyLlamaDir(), ChatTemplate.PLAIN, Map.of());
    onnx = OnnxCausalLm.load(SharedModels.tinyLlamaOnnx(), Device.cpu(), 1, 64, prompts.eosIds());
  }

  @AfterAll
  static void close() {
    if (onnx != null) {
      onnx.close();
    }
    if (prompts != null) {
      prompts.close();
    }
  }

  private static GenerationRequest req(String key, long[] ids, int max, List<String> stops) {
    return new GenerationRequest(key, ids, max, SamplingParams.GREEDY, 1, stops);
  }

  @Test
  void finishReasonsTextsAndCompaction() {
    ScriptedLm lm = new ScriptedLm(100);
    List<GenerationResult> out =
        new BatchGenerator(lm, ScriptedLm.LETTERS, 8)
            .generate(
                List.of(
                    req("eos", new long[] {5}, 10, List.of()),
                    req("len", new long[] {0}, 3, List.of()),
                    req("stop", new long[] {0}, 10, List.of("de"))));
    assertThat(out).extracting(GenerationResult::sampleKey).containsExactly("eos", "len", "stop");
    assertThat(out.get(0).completionIds()).containsExactly(6, 7, 8, 9);
    assertThat(out.get(0).text()).isEqualTo("ghi");
    assertThat(out.get(0).finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(out.get(1).text()).isEqualTo("bcd");
    assertThat(out.get(1).finishReason().wire()).isEqualTo("length");
    assertThat(out.get(1).completionTokens()).isEqualTo(3);
    assertThat(out.get(2).text()).isEqualTo("bc");
    assertThat(out.get(2).finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(lm.retains.get()).isPositive();
  }

  @Test
  void failingRowsBecomeErrorsWithoutFailingOthers() {
    ScriptedLm lm = new ScriptedLm(6);
    List<GenerationResult> out =
        new BatchGenerator(lm, ScriptedLm.LETTERS, 4)
            .generate(
                List.of(
                    req("ok", new long[] {0, 1}, 2, List.of()),
                    req("poison", new long[] {ScriptedLm.POISON}, 2, List.of()),
                    req("too-long", new long[] {0, 1, 2, 3, 4, 5, 6}, 2, List.of()),
                    req("bad-id", new long[] {42}, 2, List.of()),
                    req("context", new long[] {0, 1, 2, 3}, 10, List.of())));
    assertThat(out)
        .extracting(r -> r.finishReason().wire())
        .containsExactly("length", "error", "error", "error", "length");
    assertThat(out.get(0).text()).isEqualTo("cd");
    assertThat(out.get(1).error()).contains("poisoned prompt");
    assertThat(out.get(2).error()).contains("7 tokens").contains("max context is 6");
    assertThat(out.get(3).error()).contains("42");
    assertThat(out.get(4).completionTokens()).isEqualTo(2);
  }

  @Test
  void overLongPromptOnTheRealModelIsAnErrorRow() {
    long[] longPrompt = new long[80];
    java.util.Arrays.fill(longPrompt, 450);
    List<GenerationResult> out =
        new BatchGenerator(onnx, prompts, 4)
            .generate(
                List.of(
                    req("short", prompts.encode("Hello there"), 5, List.of()),
                    req("long", longPrompt, 5, List.of())));
    assertThat(out.get(0).finishReason()).isNotEqualTo(FinishReason.ERROR);
    assertThat(out.get(0).completionTokens()).isPositive();
    assertThat(out.get(0).promptTokens()).isEqualTo(prompts.encode("Hello there").length);
    assertThat(out.get(1).finishReason()).isEqualTo(FinishReason.ERROR);
    assertThat(out.get(1).error()).contains("80 tokens");
  }

  @Test
  void sampledTextDependsOnSeedAndKeyNotOnBatchComposition() {
    SamplingParams p = new SamplingParams(1.0, 50, 0.95);
    String[] texts = {"Solve: 3 + 4 =", "Bonjour, comment", "x", "The quick brown fox jumps"};
    List<GenerationRequest> all = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      all.add(new GenerationRequest("q" + i, prompts.encode(texts[i]), 16, p, 2026, List.of()));
    }
    GenerationRequest target = all.get(1);
    String alone = new BatchGenerator(onnx, prompts, 1).generate(List.of(target)).get(0).text();
    List<GenerationResult> batched = new BatchGenerator(onnx, prompts, 4).generate(all);
    List<GenerationRequest> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    List<GenerationResult> rev = new BatchGenerator(onnx, prompts, 3).generate(reversed);
    assertThat(batched.get(1).text()).isEqualTo(alone);
    assertThat(rev.get(2).text()).isEqualTo(alone);
    GenerationRequest otherKey =
        new GenerationRequest("q1-other", target.promptIds(), 16, p, 2026, List.of());
    String other = new BatchGenerator(onnx, prompts, 1).generate(List.of(otherKey)).get(0).text();
    assertThat(other).isNotEqualTo(alone);
  }

  @Test
  void greedyBatchEqualsSingleRunsThroughTheGenerator() {
    String[] texts = {"One", "Two words here", "A somewhat longer prompt for padding"};
    List<GenerationRequest> reqs = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      reqs.add(req("g" + i, prompts.encode(texts[i]), 10, List.of()));
    }
    List<GenerationResult> batched = new BatchGenerator(onnx, prompts, 8).generate(reqs);
    for (int i = 0; i < texts.length; i++) {
      GenerationResult single =
          new BatchGenerator(onnx, prompts, 1).generate(List.of(reqs.get(i))).get(0);
      assertThat(batched.get(i).completionIds())
          .as(texts[i])
          .containsExactly(single.completionIds());
    }
  }
}
