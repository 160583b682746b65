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
  static final Map<String, List<String>> BY_LANG = Map.ofEntries(
      Map.entry("en", List.of("the (?:final |correct )?answer is:?", "final answer:?", "answer:")),
      Map.entry("de", List.of("die (?:endgültige |richtige )?antwort (?:ist|lautet):?", "antwort:")),
      Map.entry("es", List.of("la respuesta (?:final |correcta )?es:?", "respuesta(?: final)?:")),
      Map.entry("fr", List.of("la réponse (?:finale |correcte )?est:?", "réponse(?: finale)?\\s?:")),
      Map.entry("it", List.of("la risposta (?:finale |corretta )?è:?", "risposta(?: finale)?:")),
      Map.entry("pt", List.of("a resposta (?:final |correta )?é:?", "resposta(?: final)?:")),
      Map.entry("id", List.of("jawaban(?:nya)? (?:akhir(?:nya)? )?(?:adalah|ialah):?", "jawaban(?: akhir)?:")),
      Map.entry("ms", List.of("jawapan(?:nya)? (?:akhir )?(?:adalah|ialah):?", "jawapan(?: akhir)?:")),
      Map.entry("sw", List.of("jibu (?:la mwisho |sahihi )?ni:?", "jibu:")),
      Map.entry("vi", List.of("(?:câu )?trả lời (?:cuối cùng |đúng )?là:?", "đáp án (?:cuối cùng )?(?:là)?:?",
          "đáp số (?:là)?:?")),
      Map.entry("ru", List.of("(?:окончательный |итоговый )?ответ\\s?(?::|—|-|равен)")),
      Map.entry("ar", List.of("(?:الإجابة|الاجابة)(?: النهائية)?(?: هي)?\\s?:?", "الجواب(?: النهائي)?(?: هو)?\\s?:?")),
      Map.entry("bn", List.of("উত্তর(?: হল| হলো| হলো:| হল:|:)", "সঠিক উত্তর")),
      Map.entry("te", List.of("సమాధానం(?: ఏమిటంటే)?:?", "జవాబు:?")),
      Map.entry("th", List.of("คำตอบ(?:สุดท้าย)?(?:คือ|:)")),
      Map.entry("ja", List.of("答えは", "答え[:：]", "解答[:：]", "正解は")),
      Map.entry("zh", List.of("答案(?:是|为|為|[:：])", "最终答案(?:是|为|[:：])")),
      Map.entry("ko", List.of("(?:정|최종 )?답(?:은|는|:)", "답변(?:은|:)")));

  /** One alternation of every phrase; a match's end is where the answer starts. */
  static final Pattern ANY = Pattern.compile(
      BY_LANG.values().stream().flatMap(List::stream).map(p -> "(?:" + p + ")").collect(Collectors.joining("|")),
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private AnswerPhrases() {}
}
