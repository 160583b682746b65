package org.polyreason.udfs.scoring;

import java.util.Objects;
import org.polyreason.udfs.language.TextProfile;

/**
 * The language columns of one scored response, from one profile of its reasoning and one of its
 * answer ({@link TextProfile}: one pass each, bounded detector work).
 *
 * @param thinkingLang detected language of the reasoning ({@link LanguageDetector})
 * @param answerLang detected language of the answer part (of the whole text when the output has no
 *     separate answer part); null when truncated
 * @param consistent both equal the expected language (null when none is expected)
 * @param thinkingTargetShare share of the reasoning's letters in the expected language or its
 *     script ({@link LanguageShare}); null when no language is expected, it is not supported, or
 *     the reasoning has no letters
 * @param polymath PolyMath's rule: the reasoning and the answer, detected separately with LaTeX
 *     stripped, are each the expected language or too short to tell ({@value
 *     LanguageDetector#UNKNOWN}: fewer than 20 letters counts as consistent); a truncated output is
 *     judged on its reasoning
 * @param xreasoning XReasoning's matching: the dominant language of the reasoning (the text before
 *     {@code </think>}) is the expected (forced) one
 * @param strict exactly one language and it is the target: every letter of the reasoning (which
 *     must have letters) and of the answer is in the target's script, and for a Latin target no
 *     sample window of either is detected as another language
 */
public record LanguageSignal(
    String thinkingLang,
    String answerLang,
    Boolean consistent,
    Double thinkingTargetShare,
    Boolean polymath,
    Boolean xreasoning,
    Boolean strict) {

  /** The signal of {@code split} (of {@code text}) against {@code expected} (may be null). */
  static LanguageSignal of(ResponseSplitter.Split split, String text, String expected) {
    TextProfile reasoning =
        TextProfile.of(split.text(), split.reasoningStart(), split.reasoningEnd());
    TextProfile answer;
    if (split.truncated()) {
      answer = null;
    } else if (split.hasAnswerPart()) {
      answer = TextProfile.of(split.answer());
    } else {
      boolean whole = split.reasoningStart() == 0 && split.reasoningEnd() == text.length();
      answer = whole ? reasoning : TextProfile.of(text);
    }
    String thinking = LanguageDetector.detectProfile(reasoning);
    String answered = answer == null ? null : LanguageDetector.detectProfile(answer);
    if (expected == null) {
      return new LanguageSignal(thinking, answered, null, null, null, null, null);
    }
    boolean consistent = Objects.equals(thinking, expected) && Objects.equals(answered, expected);
    boolean polymath =
        expectedOrShort(thinking, expected)
            && (answered == null || expectedOrShort(answered, expected));
    boolean supported = LanguageShare.supports(expected);
    Boolean strict =
        !supported
            ? null
            : LanguageShare.onlyTarget(reasoning, expected)
                && (answer == null
                    || answer.total() == 0
                    || LanguageShare.onlyTarget(answer, expected));
    return new LanguageSignal(
        thinking,
        answered,
        consistent,
        supported ? LanguageShare.ofProfile(reasoning, expected) : null,
        polymath,
        expected.equals(thinking),
        strict);
  }

  private static boolean expectedOrShort(String detected, String expected) {
    return detected.equals(expected) || LanguageDetector.UNKNOWN.equals(detected);
  }
}
