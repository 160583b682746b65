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

  /**
   * The parts of a response; {@code answer} is null when there is no separate answer part. The
   * reasoning is a range of the original text ({@link #reasoningStart}, {@link #reasoningEnd}), so
   * that scanners can read it in place; {@link #reasoning} cleans and copies it only when asked.
   */
  public static final class Split {
    private final String text;
    private final int reasoningStart;
    private final int reasoningEnd;
    private final String answer;
    private final boolean truncated;
    private String reasoning;

    Split(String text, int reasoningStart, int reasoningEnd, String answer, boolean truncated) {
      this.text = text;
      this.reasoningStart = reasoningStart;
      this.reasoningEnd = reasoningEnd;
      this.answer = answer;
      this.truncated = truncated;
    }

    /** The reasoning, control tokens removed and stripped (computed on first use). */
    public String reasoning() {
      if (reasoning == null) {
        reasoning = clean(text.substring(reasoningStart, reasoningEnd));
      }
      return reasoning;
    }

    /** The whole response this split was made from. */
    public String text() {
      return text;
    }

    /** Start of the reasoning in {@link #text} (inclusive; control tokens not removed). */
    public int reasoningStart() {
      return reasoningStart;
    }

    /** End of the reasoning in {@link #text} (exclusive). */
    public int reasoningEnd() {
      return reasoningEnd;
    }

    /** The final-answer part, cleaned; null when the output has none. */
    public String answer() {
      return answer;
    }

    /** True when the reasoning block opened and never closed. */
    public boolean truncated() {
      return truncated;
    }

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
    // one pass over the '<' of the text finds every tag the layouts need (a long trace is read
    // once here, not once per tag)
    int open = -1;
    int close = -1;
    int s1Think = -1;
    int lastUser = -1;
    for (int at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
      if (open < 0 && text.startsWith(THINK_OPEN, at)) {
        open = at;
      } else if (close < 0 && text.startsWith(THINK_CLOSE, at)) {
        close = at;
      } else if (text.startsWith(S1_THINK, at)) {
        s1Think = s1Think < 0 ? at : s1Think;
      } else if (text.startsWith(S1_USER, at)) {
        lastUser = at;
      }
    }
    if (open >= 0 || close >= 0) {
      return thinkTags(text, open, close);
    }
    if (s1Think >= 0) {
      return s1(text, lastUser);
    }
    int fa = text.indexOf(FINAL_ANSWER);
    if (fa >= 0) {
      return new Split(text, 0, fa, clean(text.substring(fa + FINAL_ANSWER.length())), false);
    }
    return new Split(text, 0, text.length(), null, false);
  }

  private static Split thinkTags(String text, int open, int close) {
    int start = open >= 0 && (close < 0 || open < close) ? open + THINK_OPEN.length() : 0;
    int end = text.indexOf(THINK_CLOSE, start);
    if (end < 0) {
      return new Split(text, start, text.length(), null, true);
    }
    return new Split(text, start, end, clean(text.substring(end + THINK_CLOSE.length())), false);
  }

  private static Split s1(String text, int lastUser) {
    int think = text.indexOf(S1_THINK, Math.max(lastUser, 0));
    if (think < 0) {
      think = text.lastIndexOf(S1_THINK); // no think turn after the last user turn
    }
    int start = think + S1_THINK.length();
    int end = firstOf(text.indexOf(S1_ANSWER, start), text.indexOf(FINAL_ANSWER, start));
    if (end < 0) {
      return new Split(text, start, text.length(), null, true);
    }
    String answer = text.substring(end);
    answer =
        answer.startsWith(FINAL_ANSWER)
            ? answer.substring(FINAL_ANSWER.length())
            : answer.substring(S1_ANSWER.length());
    return new Split(text, start, end, clean(answer), false);
  }

  private static int firstOf(int a, int b) {
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  /** Removes chat-template control tokens and surrounding blank space. */
  static String clean(String part) {
    int at = part.indexOf("<|");
    if (at < 0) {
      return part.strip();
    }
    StringBuilder out = new StringBuilder(part.length());
    int from = 0;
    for (; at >= 0; at = part.indexOf("<|", at + 1)) {
      String token = controlTokenAt(part, at);
      if (token != null) {
        out.append(part, from, at).append('\n');
        from = at + token.length();
        at = from - 1;
      }
    }
    return out.append(part, from, part.length()).toString().strip();
  }

  /** Control tokens, longest first where one is a prefix of another. */
  private static final String[] CONTROL = {
    "<|im_start|>assistant",
    "<|im_start|>answer",
    "<|im_start|>think",
    "<|im_start|>",
    "<|im_end|>",
    "<|endoftext|>"
  };

  private static String controlTokenAt(String s, int at) {
    for (String t : CONTROL) {
      if (s.startsWith(t, at)) {
        return t;
      }
    }
    return null;
  }
}
