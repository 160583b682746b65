package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseSplitterTest {

  @Test
  void thinkTags() {
    var s = ResponseSplitter.split("<think>Let me add 2 and 2.</think>The answer is 4.");
    assertThat(s.reasoning()).isEqualTo("Let me add 2 and 2.");
    assertThat(s.answer()).isEqualTo("The answer is 4.");
    assertThat(s.truncated()).isFalse();
  }

  @Test
  void closingTagOnlyWhenTheTemplateOpenedTheBlock() {
    var s = ResponseSplitter.split("reasoning here</think>\n\\boxed{4}");
    assertThat(s.reasoning()).isEqualTo("reasoning here");
    assertThat(s.answer()).isEqualTo("\\boxed{4}");
  }

  @Test
  void unclosedThinkIsTruncated() {
    var s = ResponseSplitter.split("<think>2 + 2 is, hmm, Final Answer: maybe");
    assertThat(s.truncated()).isTrue();
    assertThat(s.answer()).isNull();
  }

  @Test
  void s1TranscriptStripsPromptAndSplitsAtAnswerTurn() {
    String out =
        "<|im_start|>system\nThink in German.<|im_end|>\n<|im_start|>user\nWie viel ist 2+2?<|im_end|>\n"
            + "<|im_start|>assistant\n<|im_start|>thinkAlso 2+2=4.\n<|im_start|>answer\nDie Antwort ist \\boxed{4}.";
    var s = ResponseSplitter.split(out);
    assertThat(s.reasoning()).isEqualTo("Also 2+2=4.");
    assertThat(s.answer()).isEqualTo("Die Antwort ist \\boxed{4}.");
    assertThat(s.truncated()).isFalse();
  }

  @Test
  void s1FinalAnswerBeforeAnswerTurnClosesTheReasoning() {
    String out =
        "<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<|im_start|>thinkreasoning\n"
            + "Final Answer: \\boxed{18}\n<|im_start|>answer\nrestated 18";
    var s = ResponseSplitter.split(out);
    assertThat(s.reasoning()).isEqualTo("reasoning");
    assertThat(s.answer())
        .startsWith("\\boxed{18}")
        .contains("restated 18")
        .doesNotContain("<|im_start|>");
  }

  @Test
  void s1WithoutAnswerMarkerIsTruncated() {
    var s =
        ResponseSplitter.split(
            "<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<|im_start|>thinkstill going 12");
    assertThat(s.truncated()).isTrue();
    assertThat(s.reasoning()).isEqualTo("still going 12");
  }

  @Test
  void plainTextWithAndWithoutFinalAnswer() {
    var with = ResponseSplitter.split("Steps 1 and 2.\nFinal Answer: 3");
    assertThat(with.reasoning()).isEqualTo("Steps 1 and 2.");
    assertThat(with.answer()).isEqualTo("3");
    var without = ResponseSplitter.split("Steps. The answer is 3.");
    assertThat(without.answer()).isNull();
    assertThat(without.truncated()).isFalse();
    assertThat(ResponseSplitter.split(null)).isNull();
  }
}
