package org.polyreason.udfs.language;

import static java.lang.Character.UnicodeScript.ARABIC;
import static java.lang.Character.UnicodeScript.BENGALI;
import static java.lang.Character.UnicodeScript.CYRILLIC;
import static java.lang.Character.UnicodeScript.HAN;
import static java.lang.Character.UnicodeScript.HANGUL;
import static java.lang.Character.UnicodeScript.HIRAGANA;
import static java.lang.Character.UnicodeScript.LATIN;
import static java.lang.Character.UnicodeScript.TELUGU;
import static java.lang.Character.UnicodeScript.THAI;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The languages polyreason supports (the 18 PolyMath languages), one row each: the only place a
 * per-language fact is written. The CLI's language checks, the forcing sentences of {@code
 * generate}, the answer phrases and number conventions of the scorer and the report's labels all
 * key on it.
 */
public final class LanguageTable {
  /** A colon, possibly after closing Markdown bold ("**Jibu**:") or full-width. */
  private static final String C = "\\**\\s?[:：]";

  /** Every supported language, by code in alphabetical order. */
  public static final List<Language> ALL =
      List.of(
          new Language(
              "ar",
              "Arabic",
              "العربية",
              ARABIC,
              false,
              false,
              List.of(
                  "(?:الإجابة|الاجابة)(?: النهائية)?(?: هي)?" + C + "?",
                  "الجواب(?: النهائي)?(?: هو)?" + C + "?"),
              "حسنًا، سأفكر في هذا خطوة بخطوة باللغة العربية.",
              "Noto Sans Arabic"),
          new Language(
              "bn",
              "Bengali",
              "বাংলা",
              BENGALI,
              false,
              false,
              List.of("উত্তর(?: হল| হলো)?" + C + "?", "সঠিক উত্তর"),
              "ঠিক আছে, আমি এটি ধাপে ধাপে বাংলায় চিন্তা করব।",
              "Noto Sans Bengali"),
          new Language(
              "de",
              "German",
              "Deutsch",
              LATIN,
              true,
              true,
              List.of(
                  "die (?:endgültige |richtige )?antwort (?:ist|lautet)" + C + "?", "antwort" + C),
              "Okay, ich denke das jetzt Schritt für Schritt auf Deutsch durch.",
              "Noto Sans"),
          new Language(
              "en",
              "English",
              "English",
              LATIN,
              false,
              false,
              List.of(
                  "the (?:final |correct )?answer is" + C + "?",
                  "final answer" + C + "?",
                  "answer" + C),
              "Okay, let me think through this step by step in English.",
              "Noto Sans"),
          new Language(
              "es",
              "Spanish",
              "Español",
              LATIN,
              true,
              true,
              List.of("la respuesta (?:final |correcta )?es" + C + "?", "respuesta(?: final)?" + C),
              "Bien, voy a pensar en esto paso a paso en español.",
              "Noto Sans"),
          new Language(
              "fr",
              "French",
              "Français",
              LATIN,
              true,
              true,
              List.of("la réponse (?:finale |correcte )?est" + C + "?", "réponse(?: finale)?" + C),
              "D'accord, je vais réfléchir à cela étape par étape en français.",
              "Noto Sans"),
          new Language(
              "id",
              "Indonesian",
              "Indonesia",
              LATIN,
              true,
              false,
              List.of(
                  "jawaban(?:nya)? (?:akhir(?:nya)? )?(?:adalah|ialah)" + C + "?",
                  "jawaban(?: akhir)?" + C),
              "Baiklah, saya akan memikirkan ini langkah demi langkah dalam bahasa Indonesia.",
              "Noto Sans"),
          new Language(
              "it",
              "Italian",
              "Italiano",
              LATIN,
              true,
              true,
              List.of("la risposta (?:finale |corretta )?è" + C + "?", "risposta(?: finale)?" + C),
              "Va bene, ci penserò passo dopo passo in italiano.",
              "Noto Sans"),
          new Language(
              "ja",
              "Japanese",
              "日本語",
              HIRAGANA,
              false,
              false,
              List.of("答えは", "答え" + C, "解答" + C, "正解は", "最終(?:的な)?(?:答え?|回答)(?:は|" + C + ")"),
              "では、日本語で一歩ずつ考えていきます。",
              "Noto Sans CJK JP"),
          new Language(
              "ko",
              "Korean",
              "한국어",
              HANGUL,
              false,
              false,
              List.of("(?:정|최종 )?답(?:은|는|" + C + ")", "답변(?:은|" + C + ")"),
              "좋아요, 한국어로 단계별로 생각해 보겠습니다.",
              "Noto Sans CJK JP"),
          new Language(
              "ms",
              "Malay",
              "Melayu",
              LATIN,
              false,
              false,
              List.of(
                  "jawapan(?:nya)? (?:akhir )?(?:adalah|ialah)" + C + "?",
                  "jawapan(?: akhir)?" + C),
              "Baiklah, saya akan memikirkan perkara ini langkah demi langkah dalam bahasa Melayu.",
              "Noto Sans"),
          new Language(
              "pt",
              "Portuguese",
              "Português",
              LATIN,
              true,
              true,
              List.of("a resposta (?:final |correta )?é" + C + "?", "resposta(?: final)?" + C),
              "Certo, vou pensar nisso passo a passo em português.",
              "Noto Sans"),
          new Language(
              "ru",
              "Russian",
              "Русский",
              CYRILLIC,
              true,
              true,
              List.of("(?:окончательный |итоговый )?ответ(?:" + C + "|\\s?—|\\s-|\\sравен)"),
              "Хорошо, я буду рассуждать об этом шаг за шагом на русском языке.",
              "Noto Sans"),
          new Language(
              "sw",
              "Swahili",
              "Kiswahili",
              LATIN,
              false,
              false,
              List.of("jibu (?:la mwisho |sahihi )?ni" + C + "?", "jibu(?: la mwisho)?" + C),
              "Sawa, nitafikiria hili hatua kwa hatua kwa Kiswahili.",
              "Noto Sans"),
          new Language(
              "te",
              "Telugu",
              "తెలుగు",
              TELUGU,
              false,
              false,
              List.of("సమాధానం(?: ఏమిటంటే)?" + C + "?", "జవాబు" + C + "?"),
              "సరే, నేను దీని గురించి తెలుగులో దశలవారీగా ఆలోచిస్తాను.",
              "Noto Sans Telugu"),
          new Language(
              "th",
              "Thai",
              "ไทย",
              THAI,
              false,
              false,
              List.of("คำตอบ(?:สุดท้าย)?(?:คือ|" + C + ")"),
              "โอเค ฉันจะคิดเรื่องนี้ทีละขั้นตอนเป็นภาษาไทย",
              "Noto Sans Thai"),
          new Language(
              "vi",
              "Vietnamese",
              "Tiếng Việt",
              LATIN,
              true,
              false,
              List.of(
                  "(?:câu )?trả lời (?:cuối cùng |đúng )?là" + C + "?",
                  "đáp án(?: cuối cùng)?(?: là)?" + C + "?",
                  "đáp số(?: là)?" + C + "?"),
              "Được rồi, tôi sẽ suy nghĩ về điều này từng bước bằng tiếng Việt.",
              "Noto Sans"),
          new Language(
              "zh",
              "Chinese",
              "中文",
              HAN,
              false,
              false,
              List.of("答案(?:是|为|為|" + C + ")", "最终答案(?:是|为|" + C + ")"),
              "好的，我来用中文一步一步地思考这个问题。",
              "Noto Sans CJK SC"));

  private static final Map<String, Language> BY_CODE = new LinkedHashMap<>();

  static {
    ALL.forEach(l -> BY_CODE.put(l.code(), l));
  }

  private LanguageTable() {}

  /** The supported codes, in table order. */
  public static Set<String> codes() {
    return Collections.unmodifiableSet(BY_CODE.keySet());
  }

  public static Optional<Language> find(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The codes of the languages that match, sorted. */
  public static Set<String> codesWhere(Predicate<Language> p) {
    Set<String> out = new TreeSet<>();
    ALL.stream().filter(p).forEach(l -> out.add(l.code()));
    return Collections.unmodifiableSet(out);
  }

  /** code → value of one column, in table order. */
  public static <T> Map<String, T> column(Function<Language, T> f) {
    Map<String, T> out = new LinkedHashMap<>();
    ALL.forEach(l -> out.put(l.code(), f.apply(l)));
    return Collections.unmodifiableMap(out);
  }
}
