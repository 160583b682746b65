package org.polyreason.inference;

import java.util.List;
import java.util.Locale;

/**
 * Chat templates for the model families we run, rendered up to the point where the model starts
 * reasoning: the assistant turn is opened, {@code <think>} is written and the reasoning-language
 * forcing sentence (if any) follows it directly, so the model continues in that language.
 *
 * <p>Written as code rather than by evaluating the Jinja template in {@code tokenizer_config.json}:
 * there is no Jinja engine on the JVM classpath, and we only need the single-turn generation
 * prompt.
 */
public enum ChatTemplate {

  /** Qwen / DeepSeek-R1-Distill-Qwen ChatML. */
  CHATML(List.of("<|im_end|>", "<|endoftext|>")) {
    @Override
    String open(String system, String user) {
      String sys = system == null ? "" : "<|im_start|>system\n" + system + "<|im_end|>\n";
      return sys + "<|im_start|>user\n" + user + "<|im_end|>\n<|im_start|>assistant\n";
    }
  },

  /** Llama 3 / DeepSeek-R1-Distill-Llama. */
  LLAMA3(List.of("<|eot_id|>", "<|end_of_text|>")) {
    @Override
    String open(String system, String user) {
      String sys =
          system == null
              ? ""
              : "<|start_header_id|>system<|end_header_id|>\n\n" + system + "<|eot_id|>";
      return "<|begin_of_text|>"
          + sys
          + "<|start_header_id|>user<|end_header_id|>\n\n"
          + user
          + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
    }
  },

  /** Base models without a chat format. */
  PLAIN(List.of("</s>", "<|endoftext|>")) {
    @Override
    String open(String system, String user) {
      return (system == null ? "" : system + "\n\n") + user + "\n";
    }
  };

  /** Opening of the reasoning block. */
  public static final String THINK = "<think>";

  private final List<String> endTokens;

  ChatTemplate(List<String> endTokens) {
    this.endTokens = endTokens;
  }

  /** Everything before {@code <think>}: system and user turns, assistant header. */
  abstract String open(String system, String user);

  /**
   * The generation prompt.
   *
   * @param system system message, or null for none
   * @param forcing sentence written right after {@code <think>\n}, or null for none
   */
  public String render(String system, String user, String forcing) {
    String f = forcing == null || forcing.isEmpty() ? "" : forcing;
    return open(system, user) + THINK + "\n" + f;
  }

  /** Special tokens that end a turn in this family (used as EOS when the tokenizer has them). */
  public List<String> endTokens() {
    return endTokens;
  }

  /** Parses {@code chatml}, {@code qwen}, {@code llama3} or {@code plain}. */
  public static ChatTemplate parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "chatml", "qwen" -> CHATML;
      case "llama3", "llama" -> LLAMA3;
      case "plain", "none" -> PLAIN;
      default ->
          throw new IllegalArgumentException(
              "Unknown chat template '" + name + "'; allowed: chatml (qwen), llama3, plain");
    };
  }
}
