package org.polyreason.inference;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reasoning-language forcing sentences: written right after {@code <think>}, they make a reasoning
 * model continue its chain of thought in that language (the "hacked" prompt of the XReasoning
 * study). Each says, naturally for its language, "I will think step by step in &lt;language&gt;".
 * Models with their own phrasing override entries per language.
 */
public final class ReasoningLanguages {

  /** The 18 languages of the study, ISO 639-1. */
  public static final Map<String, String> DEFAULT = Map.ofEntries(
      Map.entry("ar", "حسنًا، سأفكر في هذا خطوة بخطوة باللغة العربية."),
      Map.entry("bn", "ঠিক আছে, আমি এটি ধাপে ধাপে বাংলায় চিন্তা করব।"),
      Map.entry("de", "Okay, ich denke das jetzt Schritt für Schritt auf Deutsch durch."),
      Map.entry("en", "Okay, let me think through this step by step in English."),
      Map.entry("es", "Bien, voy a pensar en esto paso a paso en español."),
      Map.entry("fr", "D'accord, je vais réfléchir à cela étape par étape en français."),
      Map.entry("id", "Baiklah, saya akan memikirkan ini langkah demi langkah dalam bahasa Indonesia."),
      Map.entry("it", "Va bene, ci penserò passo dopo passo in italiano."),
      Map.entry("ja", "では、日本語で一歩ずつ考えていきます。"),
      Map.entry("ko", "좋아요, 한국어로 단계별로 생각해 보겠습니다."),
      Map.entry("ms", "Baiklah, saya akan memikirkan perkara ini langkah demi langkah dalam bahasa Melayu."),
      Map.entry("pt", "Certo, vou pensar nisso passo a passo em português."),
      Map.entry("ru", "Хорошо, я буду рассуждать об этом шаг за шагом на русском языке."),
      Map.entry("sw", "Sawa, nitafikiria hili hatua kwa hatua kwa Kiswahili."),
      Map.entry("te", "సరే, నేను దీని గురించి తెలుగులో దశలవారీగా ఆలోచిస్తాను."),
      Map.entry("th", "โอเค ฉันจะคิดเรื่องนี้ทีละขั้นตอนเป็นภาษาไทย"),
      Map.entry("vi", "Được rồi, tôi sẽ suy nghĩ về điều này từng bước bằng tiếng Việt."),
      Map.entry("zh", "好的，我来用中文一步一步地思考这个问题。"));

  private final Map<String, String> sentences;

  private ReasoningLanguages(Map<String, String> sentences) {
    this.sentences = Map.copyOf(sentences);
  }

  /** The defaults with per-model overrides (language code → sentence) on top. */
  public static ReasoningLanguages withOverrides(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(DEFAULT);
    overrides.forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), v));
    return new ReasoningLanguages(all);
  }

  /** The forcing sentence for a language code; fails naming the codes that exist. */
  public String sentence(String language) {
    String s = sentences.get(language.toLowerCase(Locale.ROOT));
    if (s == null) {
      throw new IllegalArgumentException("No reasoning-language forcing sentence for '" + language
          + "'; known: " + languages());
    }
    return s;
  }

  /** Known language codes, sorted. */
  public Set<String> languages() {
    return new TreeSet<>(sentences.keySet());
  }
}
