package org.polyreason.common;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.polyreason.udfs.language.Language;
import org.polyreason.udfs.language.LanguageTable;

/**
 * The languages polyreason knows ({@link LanguageTable}: the 18 PolyMath languages, ISO 639-1), for
 * validating settings and input, and their English names.
 */
public final class Languages {
  private static final Map<String, String> NAMES = LanguageTable.column(Language::name);

  /** The 11 languages of MGSM, used by the paper's observational study. */
  public static final List<String> MGSM =
      List.of("en", "es", "ru", "de", "fr", "bn", "sw", "th", "ja", "zh", "te");

  private Languages() {}

  public static Collection<String> codes() {
    return NAMES.keySet();
  }

  public static boolean isKnown(String code) {
    return NAMES.containsKey(code);
  }

  public static String name(String code) {
    return NAMES.getOrDefault(code, code);
  }

  /** Code for an English language name ("Bengali" → "bn"), case-insensitive. */
  public static Optional<String> fromName(String name) {
    for (Map.Entry<String, String> e : NAMES.entrySet()) {
      if (e.getValue().equalsIgnoreCase(name.strip())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * Throws a {@link UserException} naming the key and the allowed codes when {@code code} is
   * unknown.
   */
  public static String require(String code, String where) {
    String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
    if (!isKnown(c)) {
      throw new UserException(
          "Unknown language "
              + code
              + " in "
              + where
              + "; allowed: "
              + String.join(", ", NAMES.keySet()));
    }
    return c;
  }
}
