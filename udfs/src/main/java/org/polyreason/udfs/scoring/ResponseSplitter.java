package org.polyreason.udfs.scoring;

/**
 * Splits a model output into its reasoning part and its final-answer part.
 *
 * <p>Three layouts are recognised, tried in this order:
 *
 * <ol>
 *   <li><b>Think tags</b> ({@code <think>…</think>}, Qwen3/DeepSeek-R1): the reasoning is the text
 *       between {@code <think>} (or the start, when the chat template already emitted the opening
 *       tag) and the first {@code </think>} after it; the answer is everything after that closing
 *       tag. An opening tag without a closing tag is a truncated reasoning block.
 *   <li><b>s1 turns</b> ({@code <|im_start|>think … <|im_start|>answer …}): the output may start
 *       with the system and user turns, so the reasoning starts after the first {@code
 *       <|im_start|>think} that follows the last {@code <|im_start|>user} turn. It is closed by
 *       whichever comes first of {@code <|im_start|>answer} and {@code Final Answer:} (the s1
 *       harness appends {@code Final Answer:} when it ends the thinking budget); the answer is the
 *       rest of the text from there. Neither marker ⇒ truncated.
 *   <li><b>Plain text</b>: the answer starts at the first {@code Final Answer:} when there is one,
 *       and the text before it is the reasoning; without it the whole text is the reasoning and
 *       there is no answer part. Plain text is never truncated.
 * </ol>
 *
 * Chat-template control tokens ({@code <|im_start|>…}, {@code <|im_end|>}) are removed from the
 * parts.
 */
public final class ResponseSplitter {

  /** The parts of a response; {@code answer} is null when there is no separate answer part. */
  public record Split(String reasoning, String answer, boolean truncated) {
    /** True when the output had a final-answer part. */
    public boolean hasAnswerPart() {
      return answer != null;
    }
  }

  static final String THINK_OPEN = "<think>";
  static final String THINK_CLOSE = "</think>";
  static final String S1_THINK = "<|im_start|>think";
  static final String S1_ANSWER = "<|im_start|>answer";
  static final String S1_USER = "<|im_start|>user";
  static final String FINAL_ANSWER = "Final Answer:";

  private ResponseSplitter() {}

  /** Splits {@code text}; null in → null out. */
  public static Split split(String text) {
    if (text == null) {
      return null;
    }
    int close = text.indexOf(THINK_CLOSE);
    int open = text.indexOf(THINK_OPEN);
    if (open >= 0 || close >= 0) {
      return thinkTags(text, open, close);
    }
    if (text.contains(S1_THINK)) {
      return s1(text);
    }
    int fa = text.indexOf(FINAL_ANSWER);
    if (fa >= 0) {
      return new Split(
          clean(text.substring(0, fa)), clean(text.substring(fa + FINAL_ANSWER.length())), false);
    }
    return new Split(clean(text), null, false);
  }

  private static Split thinkTags(String text, int open, int close) {
    int start = open >= 0 && (close < 0 || open < close) ? open + THINK_OPEN.length() : 0;
    int end = text.indexOf(THINK_CLOSE, start);
    if (end < 0) {
      return new Split(clean(text.substring(start)), null, true);
    }
    return new Split(
        clean(text.substring(start, end)),
        clean(text.substring(end + THINK_CLOSE.length())),
        false);
  }

  private static Split s1(String text) {
    int user = text.lastIndexOf(S1_USER);
    int think = text.indexOf(S1_THINK, Math.max(user, 0));
    if (think < 0) {
      think = text.lastIndexOf(S1_THINK);
    }
    int start = think + S1_THINK.length();
    int end = firstOf(text.indexOf(S1_ANSWER, start), text.indexOf(FINAL_ANSWER, start));
    if (end < 0) {
      return new Split(clean(text.substring(start)), null, true);
    }
    String answer = text.substring(end);
    answer =
        answer.startsWith(FINAL_ANSWER)
            ? answer.substring(FINAL_ANSWER.length())
            : answer.substring(S1_ANSWER.length());
    return new Split(clean(text.substring(start, end)), clean(answer), false);
  }

  private static int firstOf(int a, int b) {
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  /** Removes chat-template control tokens and surrounding blank space. */
  static String clean(String part) {
    return part.replaceAll(
            "<\\|im_start\\|>(?:assistant|answer|think)?|<\\|im_end\\|>|<\\|endoftext\\|>", "\n")
        .strip();
  }
}
