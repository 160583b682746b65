package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chat templates and forcing sentences through the real Qwen3 and Llama tokenizers. */
class PromptBuilderTest {

  private static final long IM_START = 151644;
  private static final long IM_END = 151645;
  private static final long THINK = 151667;

  @Test
  void chatmlPromptHasQwenSpecialTokensAndForcingRightAfterThink() throws Exception {
    try (PromptBuilder pb =
        PromptBuilder.load(SharedModels.qwenTokenizerDir(), ChatTemplate.CHATML, Map.of())) {
      String text = pb.render("You are helpful.", "Wie viel ist 2+2?", "de");
      String forcing = ReasoningLanguages.DEFAULT.get("de");
      assertThat(text)
          .isEqualTo(
              "<|im_start|>system\nYou are helpful.<|im_end|>\n"
                  + "<|im_start|>user\nWie viel ist 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n"
                  + forcing);
      long[] ids = pb.encode(text);
      assertThat(ids[0]).isEqualTo(IM_START);
      assertThat(Arrays.stream(ids).filter(i -> i == IM_START).count()).isEqualTo(3);
      assertThat(Arrays.stream(ids).filter(i -> i == IM_END).count()).isEqualTo(2);
      int think = indexOf(ids, THINK);
      assertThat(think).isPositive();
      long[] after = Arrays.copyOfRange(ids, think + 1, ids.length);
      assertThat(pb.decode(after, false)).isEqualTo("\n" + forcing);
      assertThat(pb.decode(ids, true)).doesNotContain("<|im_start|>").contains(forcing);
      assertThat(pb.eosIds()).containsExactly(IM_END, 151643);
      assertThat(pb.stopStrings()).containsExactly("<|im_end|>", "<|endoftext|>");
      assertThat(pb.vocabSize()).isEqualTo(151669);
    }
  }

  @Test
  void everyLanguageHasASentenceThatRoundTrips() throws Exception {
    assertThat(ReasoningLanguages.DEFAULT.keySet())
        .containsExactlyInAnyOrder(
            "ar", "bn", "de", "en", "es", "fr", "id", "it", "ja", "ko", "ms", "pt", "ru", "sw",
            "te", "th", "vi", "zh");
    assertThat(ReasoningLanguages.DEFAULT.get("en"))
        .isEqualTo("Okay, let me think through this step by step in English.");
    try (PromptBuilder pb =
        PromptBuilder.load(SharedModels.qwenTokenizerDir(), ChatTemplate.CHATML, Map.of())) {
      for (String lang : pb.languages().languages()) {
        String s = pb.languages().sentence(lang);
        assertThat(pb.decode(pb.encode(s), true)).as(lang).isEqualTo(s);
      }
    }
  }

  @Test
  void overridesReplaceASentenceAndUnknownLanguagesFailClearly() throws Exception {
    try (PromptBuilder pb =
        PromptBuilder.load(
            SharedModels.qwenTokenizerDir(),
            ChatTemplate.CHATML,
            Map.of("EN", "By request, I will start thinking in English."))) {
      assertThat(pb.render(null, "hi", "en"))
          .isEqualTo(
              "<|im_start|>user\nhi<|im_end|>\n"
                  + "<|im_start|>assistant\n<think>\nBy request, I will start thinking in English.");
      assertThat(pb.render(null, "hi", null)).endsWith("<think>\n");
      assertThatThrownBy(() -> pb.render(null, "hi", "xx"))
          .hasMessageContaining("'xx'")
          .hasMessageContaining("zh");
    }
  }

  @Test
  void noTruncationAndNoAddedTokens() throws Exception {
    try (PromptBuilder pb =
        PromptBuilder.load(SharedModels.tinyLlamaDir(), ChatTemplate.PLAIN, Map.of())) {
      String longText = "word ".repeat(1500);
      assertThat(pb.encode(longText).length).isGreaterThan(1000);
      assertThat(pb.encode("hello")[0]).isNotEqualTo(1L);
      assertThat(pb.eosIds()).containsExactly(2L);
      assertThat(pb.render("sys", "q", "fr"))
          .isEqualTo("sys\n\nq\n<think>\n" + ReasoningLanguages.DEFAULT.get("fr"));
    }
  }

  @Test
  void llama3TemplateShape() {
    assertThat(ChatTemplate.parse("llama3").render(null, "q", "Ok."))
        .isEqualTo(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nq<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n<think>\nOk.");
    assertThatThrownBy(() -> ChatTemplate.parse("mistral")).hasMessageContaining("chatml");
  }

  private static int indexOf(long[] ids, long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }
}
