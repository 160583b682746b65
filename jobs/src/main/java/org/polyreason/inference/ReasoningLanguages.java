package org.polyreason.inference;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.polyreason.udfs.language.Language;
import org.polyreason.udfs.language.LanguageTable;

/**
 * Reasoning-language forcing sentences: written right after {@code <think>}, they make a reasoning
 * model continue its chain of thought in that language (the "hacked" prompt of the XReasoning
 * study). Each says, naturally for its language, "I will think step by step in &lt;language&gt;".
 * Models with their own phrasing override entries per language.
 */
public final class ReasoningLanguages {

  /** The forcing sentence of every supported language ({@link LanguageTable}), by code. */
  public static final Map<String, String> DEFAULT = LanguageTable.column(Language::forcingSentence);

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
      throw new IllegalArgumentException(
          "No reasoning-language forcing sentence for '" + language + "'; known: " + languages());
    }
    return s;
  }

  /** Known language codes, sorted. */
  public Set<String> languages() {
    return new TreeSet<>(sentences.keySet());
  }
}
