package org.polyreason.udfs.scoring;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Localized "the answer is" phrases for the 18 PolyMath languages.
 *
 * <p>Every phrase is tried whatever the expected language, because models often switch to English (or
 * to the question language) for the last sentence. The phrases end where the answer starts, so the
 * extractor reads the answer from the text right after a match.
 */
final class AnswerPhrases {

  /** Phrase regexes per ISO 639-1 code (matched case-insensitively, Unicode-aware). */
  /** A colon, possibly after closing Markdown bold ("**Jibu**:") or full-width. */
  private static final String C = "\\**\\s?[:：]";

  /** Phrase regexes per ISO 639-1 code (matched case-insensitively, Unicode-aware). */
  static final Map<String, List<String>> BY_LANG = Map.ofEntries(
      Map.entry("en", List.of("the (?:final |correct )?answer is" + C + "?", "final answer" + C + "?", "answer" + C)),
      Map.entry("de", List.of("die (?:endgültige |richtige )?antwort (?:ist|lautet)" + C + "?", "antwort" + C)),
      Map.entry("es", List.of("la respuesta (?:final |correcta )?es" + C + "?", "respuesta(?: final)?" + C)),
      Map.entry("fr", List.of("la réponse (?:finale |correcte )?est" + C + "?", "réponse(?: finale)?" + C)),
      Map.entry("it", List.of("la risposta (?:finale |corretta )?è" + C + "?", "risposta(?: finale)?" + C)),
      Map.entry("pt", List.of("a resposta (?:final |correta )?é" + C + "?", "resposta(?: final)?" + C)),
      Map.entry("id", List.of("jawaban(?:nya)? (?:akhir(?:nya)? )?(?:adalah|ialah)" + C + "?", "jawaban(?: akhir)?" + C)),
      Map.entry("ms", List.of("jawapan(?:nya)? (?:akhir )?(?:adalah|ialah)" + C + "?", "jawapan(?: akhir)?" + C)),
      Map.entry("sw", List.of("jibu (?:la mwisho |sahihi )?ni" + C + "?", "jibu(?: la mwisho)?" + C)),
      Map.entry("vi", List.of("(?:câu )?trả lời (?:cuối cùng |đúng )?là" + C + "?", "đáp án(?: cuối cùng)?(?: là)?" + C + "?",
          "đáp số(?: là)?" + C + "?")),
      Map.entry("ru", List.of("(?:окончательный |итоговый )?ответ(?:" + C + "|\\s?—|\\s-|\\sравен)")),
      Map.entry("ar", List.of("(?:الإجابة|الاجابة)(?: النهائية)?(?: هي)?" + C + "?", "الجواب(?: النهائي)?(?: هو)?" + C + "?")),
      Map.entry("bn", List.of("উত্তর(?: হল| হলো)?" + C + "?", "সঠিক উত্তর")),
      Map.entry("te", List.of("సమాధానం(?: ఏమిటంటే)?" + C + "?", "జవాబు" + C + "?")),
      Map.entry("th", List.of("คำตอบ(?:สุดท้าย)?(?:คือ|" + C + ")")),
      Map.entry("ja", List.of("答えは", "答え" + C, "解答" + C, "正解は", "最終(?:的な)?(?:答え?|回答)(?:は|" + C + ")")),
      Map.entry("zh", List.of("答案(?:是|为|為|" + C + ")", "最终答案(?:是|为|" + C + ")")),
      Map.entry("ko", List.of("(?:정|최종 )?답(?:은|는|" + C + ")", "답변(?:은|" + C + ")")));

  /** One alternation of every phrase; a match's end is where the answer starts. */
  static final Pattern ANY = Pattern.compile(
      BY_LANG.values().stream().flatMap(List::stream).map(p -> "(?:" + p + ")").collect(Collectors.joining("|")),
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private AnswerPhrases() {}
}
