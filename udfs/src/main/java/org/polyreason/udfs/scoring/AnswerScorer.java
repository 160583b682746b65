package org.polyreason.udfs.scoring;

/**
 * Scores one generation against its reference answer: the facade over {@link ResponseSplitter},
 * {@link AnswerExtractor}, {@link AnswerEquivalence} and {@link LanguageDetector}, producing one
 * row of the {@code scores} table.
 *
 * <p>Verdict rules, in order:
 *
 * <ol>
 *   <li>{@code error}: the text or the reference answer is null, or any step (splitting, language
 *       detection, extraction, judging) threw: nothing a model writes may fail a scoring task, so
 *       the exception's class and message go to {@link ScoreResult#error} and the row is counted as
 *       an error instead (the job fails only above its error rate).
 *   <li>{@code truncated}: the reasoning block opened ({@code <think>} or {@code
 *       <|im_start|>think}) and never closed. Such an output has no answer part by construction
 *       ({@link ResponseSplitter}), so "never closed and no answer extracted from an answer part"
 *       reduces to "never closed". Nothing is extracted from a truncated output (a number
 *       mid-reasoning is not an answer), so {@code extractedAnswer} is null and the rule is {@code
 *       none}.
 *   <li>{@code no_answer}: no rule of {@link AnswerExtractor} found an answer.
 *   <li>{@code correct} / {@code wrong}: by {@link AnswerEquivalence}; an {@code UNDECIDABLE}
 *       comparison is {@code wrong} and its extraction rule is reported as {@value #UNDECIDABLE}.
 * </ol>
 *
 * {@code correct} is true only for the verdict {@code correct}.
 *
 * <p>Languages (only when asked): {@link LanguageSignal} profiles the reasoning and the answer part
 * (or the whole text when the output has no separate answer part and is not truncated) and fills
 * {@code thinkingLang}, {@code answerLang}, {@code langConsistent} (both equal {@code
 * expectedLang}; null when no language is expected) and {@link ScoreResult#language} (the mixing
 * ratio and the named consistency flags); all null when language detection is off.
 */
public final class AnswerScorer {

  /** Version of the scoring rules, stored with every score; bump it when any rule changes. */
  public static final String CHECKER_VERSION = "2.2.0";

  public static final String CORRECT = "correct";
  public static final String WRONG = "wrong";
  public static final String NO_ANSWER = "no_answer";
  public static final String TRUNCATED = "truncated";
  public static final String ERROR = "error";
  public static final String UNDECIDABLE = "undecidable";

  /**
   * One row of the {@code scores} table (without keys and version); {@code error} is the exception
   * class and message when scoring the row threw, else null.
   */
  public record ScoreResult(
      String extractedAnswer,
      String extractionRule,
      String verdict,
      boolean correct,
      String thinkingLang,
      String answerLang,
      Boolean langConsistent,
      String error,
      LanguageSignal language) {

    /**
     * A row that could not be scored: verdict {@code error}, no answer, no language signal, and
     * {@code message} (what went wrong) in {@code error}.
     */
    public static ScoreResult error(String extractionRule, String message) {
      return new ScoreResult(null, extractionRule, ERROR, false, null, null, null, message, null);
    }

    private ScoreResult(
        String extractedAnswer,
        String extractionRule,
        String verdict,
        boolean correct,
        LanguageSignal language) {
      this(
          extractedAnswer,
          extractionRule,
          verdict,
          correct,
          language == null ? null : language.thinkingLang(),
          language == null ? null : language.answerLang(),
          language == null ? null : language.consistent(),
          null,
          language);
    }

    /** This result with the verdict {@code truncated} (the output hit the token limit). */
    public ScoreResult asTruncated() {
      return new ScoreResult(
          extractedAnswer,
          extractionRule,
          TRUNCATED,
          false,
          thinkingLang,
          answerLang,
          langConsistent,
          error,
          language);
    }

    /** {@link LanguageSignal#thinkingTargetShare}, null without language signal. */
    public Double thinkingTargetShare() {
      return language == null ? null : language.thinkingTargetShare();
    }

    /** {@link LanguageSignal#polymath}, null without language signal. */
    public Boolean consistentPolymath() {
      return language == null ? null : language.polymath();
    }

    /** {@link LanguageSignal#xreasoning}, null without language signal. */
    public Boolean consistentXreasoning() {
      return language == null ? null : language.xreasoning();
    }

    /** {@link LanguageSignal#strict}, null without language signal. */
    public Boolean consistentStrict() {
      return language == null ? null : language.strict();
    }
  }

  /**
   * Golds parsed in this JVM: a problem's gold is parsed once per executor, not once per response.
   */
  private static final java.util.concurrent.ConcurrentHashMap<
          String, java.util.Optional<AnswerValue>>
      GOLDS = new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_CACHED_GOLDS = 50_000;

  static AnswerValue parsedGold(String gold, String kind) {
    String key = kind + "\u0000" + gold;
    java.util.Optional<AnswerValue> v = GOLDS.get(key);
    if (v == null) {
      if (GOLDS.size() >= MAX_CACHED_GOLDS) {
        GOLDS.clear();
      }
      v = java.util.Optional.ofNullable(AnswerValue.parseGold(gold, kind));
      GOLDS.put(key, v);
    }
    return v.orElse(null);
  }

  /** Longest error message kept in the {@code error} column. */
  static final int MAX_ERROR_CHARS = 500;

  private AnswerScorer() {}

  /**
   * Scores {@code text} against {@code goldAnswer}.
   *
   * @param goldKind one of the {@link GoldAnswer} kinds; null → inferred from the gold answer
   * @param expectedLang the language the reasoning should be in (ISO 639-1), used for number
   *     conventions and {@code langConsistent}; may be null
   * @param detectLanguage whether to fill the language fields
   */
  public static ScoreResult score(
      String text,
      String goldAnswer,
      String goldKind,
      String expectedLang,
      boolean detectLanguage) {
    try {
      return scoreUnsafe(text, goldAnswer, goldKind, expectedLang, detectLanguage);
    } catch (RuntimeException | StackOverflowError e) {
      // A deep regex backtrack on a pathological line overflows the stack; it is that row's problem
      // only.
      return ScoreResult.error(AnswerExtractor.NONE, describe(e));
    }
  }

  /** {@code Class: message}, bounded to {@value #MAX_ERROR_CHARS} characters. */
  public static String describe(Throwable e) {
    String d = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return d.length() <= MAX_ERROR_CHARS ? d : d.substring(0, MAX_ERROR_CHARS);
  }

  private static ScoreResult scoreUnsafe(
      String text,
      String goldAnswer,
      String goldKind,
      String expectedLang,
      boolean detectLanguage) {
    if (text == null || goldAnswer == null) {
      return ScoreResult.error(
          AnswerExtractor.NONE, text == null ? "no generated text" : "no reference answer");
    }
    ResponseSplitter.Split split = ResponseSplitter.split(text);
    LanguageSignal lang = detectLanguage ? LanguageSignal.of(split, text, expectedLang) : null;
    if (split.truncated()) {
      return new ScoreResult(null, AnswerExtractor.NONE, TRUNCATED, false, lang);
    }
    AnswerValue gold = parsedGold(goldAnswer, goldKind);
    AnswerExtractor.Extraction ex =
        AnswerExtractor.extractFrom(
            split.hasAnswerPart() ? split.answer() : text, expectedLang, gold);
    if (!ex.found()) {
      return new ScoreResult(null, ex.rule(), NO_ANSWER, false, lang);
    }
    AnswerEquivalence.Verdict v = AnswerEquivalence.judge(ex.answer(), gold, goldAnswer);
    return switch (v) {
      case CORRECT -> new ScoreResult(ex.answer(), ex.rule(), CORRECT, true, lang);
      case WRONG -> new ScoreResult(ex.answer(), ex.rule(), WRONG, false, lang);
      case UNDECIDABLE -> new ScoreResult(ex.answer(), UNDECIDABLE, WRONG, false, lang);
    };
  }
}
